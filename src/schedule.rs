//! Scheduled publishing: a running `serve` rebuilds the site by itself when a
//! scheduled post falls due or a page expires, so a post set for Friday 9am appears
//! at 9am with nobody at a desk.

use std::time::Duration;

use crate::build::{self, BuildOptions};
use crate::content::site::Scheduled;
use crate::events::{Event, Reporter};

/// How long to sleep at most before looking at the clock again, so a machine that
/// was suspended, or whose clock was changed, still rebuilds on time.
const LONGEST_NAP: Duration = Duration::from_secs(60);

/// Waits for each scheduled change in turn and rebuilds the site then. Runs until
/// there is nothing left to wait for; the server picks up the new build by itself.
pub async fn rebuild_when_due(
    options: BuildOptions,
    mut next: Option<Scheduled>,
    report: Reporter,
) {
    while let Some(due) = next.take() {
        loop {
            let left = jiff::Timestamp::now().duration_until(due.instant);
            let Ok(left) = Duration::try_from(left) else {
                break; // due now, or already past
            };
            if left.is_zero() {
                break;
            }
            tokio::time::sleep(left.min(LONGEST_NAP)).await;
        }
        report(Event::ScheduledRebuild(&due));
        let options = options.clone();
        let result = tokio::task::spawn_blocking(move || build::build(&options)).await;
        next = match result {
            Ok(Ok(built)) => {
                report(Event::Built(&built));
                built.next_change
            }
            Ok(Err(e)) => {
                report(Event::ScheduledRebuildFailed(&e));
                retry(due)
            }
            Err(e) => {
                report(Event::Warning(format!(
                    "the scheduled rebuild stopped: {e}"
                )));
                None
            }
        };
    }
}

/// The same change, tried again in five minutes.
fn retry(due: Scheduled) -> Option<Scheduled> {
    let instant = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_secs(300))
        .ok()?;
    Some(Scheduled { instant, ..due })
}
