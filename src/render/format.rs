//! Figures as pages show them: thousands separators and units, the same in every
//! theme.

/// `14189` -> `14,189`; `89.3` -> `89.3`; with `percent`, `75` -> `75%`.
pub fn format_number(value: f64, percent: bool) -> String {
    let negative = value < 0.0;
    let abs = value.abs();
    let text = if abs.fract() == 0.0 && abs < 1e15 {
        format!("{abs:.0}")
    } else {
        format!("{abs}")
    };
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if percent {
        out.push('%');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn numbers_get_thousands_separators_and_units() {
        assert_eq!(format_number(14189.0, false), "14,189");
        assert_eq!(format_number(927.0, false), "927");
        assert_eq!(format_number(89.3, true), "89.3%");
        assert_eq!(format_number(1234567.5, false), "1,234,567.5");
        assert_eq!(format_number(-1200.0, false), "-1,200");
    }
}
