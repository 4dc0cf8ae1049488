//! What the law asks a Local Offer to contain, as data: the items a page, guide,
//! FAQ page or service may say it `covers`. Most are the paragraphs of Schedule 2
//! to the Special Educational Needs and Disability Regulations 2014 (SI
//! 2014/1530), numbered as the regulation numbers them and checked against its
//! text. The rest are subjects section 30 of the Children and Families Act 2014
//! and chapter 4 of the SEND Code of Practice ask a Local Offer to cover, listed
//! by subject: their paragraphs of Schedule 2 are not numbered here because
//! their text could not be checked (see ARCHITECTURE.md).

/// Where a requirement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Schedule 2 to SI 2014/1530, this paragraph: `1(a)`, `2`, `5(j)`.
    Schedule2(&'static str),
    /// Section 30 of the Children and Families Act 2014 (and the Code).
    Act,
    /// Chapter 4 of the SEND Code of Practice.
    Code,
}

impl Basis {
    /// How the public page and `check --coverage` cite it.
    pub fn citation(self) -> String {
        match self {
            Basis::Schedule2(p) => format!("Schedule 2, paragraph {p}"),
            Basis::Act => "Children and Families Act 2014, section 30".to_owned(),
            Basis::Code => "SEND Code of Practice, chapter 4".to_owned(),
        }
    }
}

/// One thing a Local Offer must contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement {
    /// What `covers:` names it by: `travel`, `early-years`.
    pub key: &'static str,
    /// Where the law asks for it.
    pub basis: Basis,
    /// Our own short summary.
    pub summary: &'static str,
}

/// The regulation itself, on legislation.gov.uk.
pub const SCHEDULE_2_URL: &str = "https://www.legislation.gov.uk/uksi/2014/1530/schedule/2";
/// Section 30 of the Children and Families Act 2014.
pub const SECTION_30_URL: &str = "https://www.legislation.gov.uk/ukpga/2014/6/section/30";
/// The SEND Code of Practice on GOV.UK.
pub const CODE_URL: &str =
    "https://www.gov.uk/government/publications/send-code-of-practice-0-to-25";

const fn item(key: &'static str, basis: Basis, summary: &'static str) -> Requirement {
    Requirement {
        key,
        basis,
        summary,
    }
}

use Basis::{Act, Code, Schedule2 as S};

/// Every requirement, in the regulation's order, then the subjects by basis.
#[rustfmt::skip]
pub const REQUIREMENTS: &[Requirement] = &[
    item("early-years", S("1(a)"), "Support from early years providers, such as nurseries and childminders"),
    item("maintained-schools", S("1(b)"), "Support from maintained schools, including their units"),
    item("academies", S("1(c)"), "Support from academies, including their units"),
    item("non-maintained-special-schools", S("1(d)"), "Support from non-maintained special schools"),
    item("post-16", S("1(e)"), "Support from colleges and other places of learning after 16"),
    item("section-41", S("1(f)"), "Support from independent schools and colleges approved under section 41 of the Children and Families Act 2014"),
    item("pupil-referral-units", S("1(g)"), "Support from pupil referral units"),
    item("commissioned-support", S("1(h)"), "Support from people and organisations the council pays to help children and young people with SEN or disabilities"),
    item("outside-the-area", S("2"), "Support the council expects children and young people from its area to get outside it"),
    item("mainstream-provision", S("3(a)"), "What mainstream schools and colleges provide, including help with learning and the curriculum"),
    item("specialist-provision", S("3(b)"), "What special schools and special colleges provide, including those approved under section 41"),
    item("council-arranged-provision", S("3(c)"), "What the council arranges in mainstream schools and colleges, pupil referral units and alternative provision academies"),
    item("funding", S("3(d)"), "How the council funds provision for children and young people with SEN"),
    item("teaching", S("5(a)"), "How schools, colleges and other providers teach children and young people with SEN"),
    item("adapting-learning", S("5(b)"), "How providers change the curriculum and the learning environment to suit them"),
    item("learning-support", S("5(c)"), "Extra help with learning that providers offer"),
    item("reviewing-progress", S("5(d)"), "How progress towards outcomes is checked and reviewed, with families taking part"),
    item("judging-provision", S("5(e)"), "How providers judge whether their support works, with families taking part"),
    item("facilities", S("5(f)"), "How children and young people can use the facilities providers have"),
    item("activities", S("5(g)"), "Activities beyond the curriculum, including sport and exercise"),
    item("support-available", S("5(h)"), "What support providers have for children and young people with SEN or disabilities"),
    item("staff-expertise", S("5(i)"), "How teaching staff and others gain expertise in SEN and disability"),
    item("wellbeing", S("5(j)"), "How emotional, mental and social development is supported"),
    item("health", Act, "Health care for children and young people with SEN or disabilities"),
    item("social-care", Act, "Social care, including short breaks"),
    item("other-education", Act, "Other education outside school or college, such as sport or arts"),
    item("training", Act, "Training, including apprenticeships, traineeships and supported internships"),
    item("travel", Act, "Travel and transport to and from school, college and early years settings"),
    item("adulthood", Act, "Preparing for adult life: work, a home, independent living and joining in"),
    item("identifying-needs", Code, "How needs are found and assessed, including how to ask for an EHC needs assessment"),
    item("moving-on", Code, "Help moving from one stage of education to the next"),
    item("information-advice", Code, "Where to get information, advice and support, including parent carer forums and support groups"),
    item("childcare", Code, "Childcare that suits children with SEN or disabilities"),
    item("leisure", Code, "Leisure activities"),
    item("disagreements", Code, "Sorting out disagreements: mediation and appeals to the Tribunal"),
    item("complaints", Code, "How to complain about provision in the Local Offer"),
];

/// What a service's category covers, by the category's slug, for the categories
/// `site.toml` has by default (a service may also say `covers:` itself).
pub const CATEGORY_COVERS: &[(&str, &[&str])] = &[
    ("health", &["health"]),
    ("social-care", &["social-care"]),
    ("short-breaks", &["social-care"]),
    ("leisure-and-activities", &["leisure"]),
    ("transport", &["travel"]),
    ("advice-and-support", &["information-advice"]),
    ("preparing-for-adulthood", &["adulthood"]),
];

/// The requirement `value` names: by key, or by Schedule 2 paragraph as the
/// regulation writes it (`1(a)`) or run together (`1a`).
pub fn find(value: &str) -> Option<&'static Requirement> {
    let value = value.trim();
    REQUIREMENTS.iter().find(|r| {
        r.key.eq_ignore_ascii_case(value)
            || matches!(r.basis, Basis::Schedule2(p) if p == value || p.replace(['(', ')'], "") == value)
    })
}

/// The name nearest to `value`, for "did you mean": by spelling, or else the
/// first requirement whose summary has the word (`transport` finds `travel`).
pub fn suggest(value: &str) -> Option<&'static str> {
    let keys: Vec<&str> = keys().collect();
    if let Some(key) = crate::util::names::nearest(value, &keys) {
        return Some(key);
    }
    let word = value.trim().to_lowercase();
    if word.len() < 4 {
        return None;
    }
    REQUIREMENTS
        .iter()
        .find(|r| r.summary.to_lowercase().contains(&word))
        .map(|r| r.key)
}

/// Every name `covers:` takes, for suggestions.
pub fn keys() -> impl Iterator<Item = &'static str> {
    REQUIREMENTS.iter().map(|r| r.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_are_found_by_key_or_paragraph() {
        assert_eq!(find("travel").map(|r| r.key), Some("travel"));
        assert_eq!(find("1(a)").map(|r| r.key), Some("early-years"));
        assert_eq!(find("5j").map(|r| r.key), Some("wellbeing"));
        assert_eq!(find("4"), None);
        assert_eq!(find("transport"), None);
        assert_eq!(suggest("transport"), Some("travel"));
        assert_eq!(suggest("wellbeeing"), Some("wellbeing"));
    }

    #[test]
    fn keys_are_unique_and_categories_name_real_keys() {
        let mut keys: Vec<_> = keys().collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), REQUIREMENTS.len());
        for (_, covers) in CATEGORY_COVERS {
            assert!(covers.iter().all(|k| find(k).is_some()), "{covers:?}");
        }
    }
}
