//! Refusals in the reader's language. The server sends every refusal typed ([`Reason`],
//! [`AppError`]); this is the one place that words them for a page. The matches are
//! exhaustive on purpose: a new refusal does not compile until it has its sentence in every
//! language. Dates and months in a message follow the page's language (a message has no
//! account at hand); ids stay as they are.

use billing::{ParseError, Reason, RuleViolation};
use chrono::NaiveDate;
use leptos_i18n::I18nContext;

use crate::errors::AppError;
use crate::format::{Fmt, month_in};
use crate::i18n::*;

type I18n = I18nContext<Locale>;

/// [`error_in`] the page's language.
pub fn error_text(i18n: I18n, e: &AppError) -> String {
    error_in(i18n.get_locale_untracked(), e)
}

/// [`reason_in`] the page's language.
pub fn reason_text(i18n: I18n, r: &Reason) -> String {
    reason_in(i18n.get_locale_untracked(), r)
}

/// What `e` says to the person who caused it, in `l`.
pub fn error_in(l: Locale, e: &AppError) -> String {
    match e {
        AppError::Unauthorized => td_string!(l, errors.sign_in).to_string(),
        AppError::Forbidden(_) => td_string!(l, errors.forbidden).to_string(),
        AppError::TooManyAttempts(minutes) => {
            td_string!(l, errors.too_many_attempts, minutes = *minutes).to_string()
        }
        AppError::NotFound(_) => td_string!(l, errors.not_found).to_string(),
        AppError::Invalid { errors, .. } => errors
            .iter()
            .map(|f| reason_in(l, &f.reason))
            .collect::<Vec<_>>()
            .join(" "),
        AppError::Refused(r) | AppError::Conflict(r) => reason_in(l, r),
        AppError::SubmissionReused => td_string!(l, errors.submission_reused).to_string(),
        AppError::EmailInUse => td_string!(l, errors.email_in_use).to_string(),
        AppError::InvitationClosed => td_string!(l, errors.invitation_closed).to_string(),
        AppError::BadRequest(_) => td_string!(l, errors.bad_request).to_string(),
        AppError::TooLarge(_) => td_string!(l, errors.too_large).to_string(),
        AppError::Server(_) => td_string!(l, errors.server).to_string(),
    }
}

/// Why one thing was refused, as a sentence in `l`.
pub fn reason_in(l: Locale, r: &Reason) -> String {
    match r {
        Reason::Parse(p) => parse_text(l, p),
        Reason::Rule(v) => rule_text(l, v),
        // Composed outside the rules, for staff only (account set-up): English.
        Reason::Text(t) => sentence(t),
    }
}

/// `text` with a capital letter and a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut s: String = first.to_uppercase().chain(chars).collect();
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

/// A date the server wrote as `YYYY-MM-DD`, as the page's language writes dates.
fn date(l: Locale, iso: &str) -> String {
    let locale = match l {
        Locale::en => "en-GB",
        Locale::de => "de-DE",
        Locale::sl => "sl-SI",
    };
    iso.parse::<NaiveDate>()
        .map_or_else(|_| iso.to_string(), |d| Fmt::new("", locale).date(d))
}

/// A month the server wrote as `YYYY-MM`, by name in the page's language.
fn month(l: Locale, iso: &str) -> String {
    iso.parse::<billing::Month>()
        .map_or_else(|_| iso.to_string(), |m| month_in(l, m))
}

fn minutes(m: u32) -> String {
    billing::Minutes::new(m).human()
}

fn parse_text(l: Locale, p: &ParseError) -> String {
    use ParseError as P;
    match p {
        P::Missing(_) => td_string!(l, errors.missing).to_string(),
        P::ZeroMinutes => td_string!(l, errors.zero_minutes).to_string(),
        P::Negative(_) => td_string!(l, errors.negative).to_string(),
        P::TooManyMinutes { got, max } => td_string!(
            l,
            errors.too_many_minutes,
            got = minutes(*got),
            max = minutes(*max)
        )
        .to_string(),
        P::NotADuration(_) => td_string!(l, errors.not_a_duration).to_string(),
        P::DecimalWithoutUnit { typed, .. } => {
            td_string!(l, errors.decimal_without_unit, typed = typed).to_string()
        }
        P::NotWholeMinutes => td_string!(l, errors.not_whole_minutes).to_string(),
        P::NotADecimal { .. } => td_string!(l, errors.not_a_decimal).to_string(),
        P::TooManyDecimals { max, .. } => {
            td_string!(l, errors.too_many_decimals, max = *max).to_string()
        }
        P::TooLong { max, .. } => td_string!(l, errors.too_long, max = *max).to_string(),
        P::TooLarge(_) => td_string!(l, errors.too_large_value).to_string(),
        P::UnknownCurrency(c) => td_string!(l, errors.unknown_currency, code = c).to_string(),
        P::BadTitle => td_string!(l, errors.bad_title).to_string(),
        P::BadUrl => td_string!(l, errors.bad_url).to_string(),
        P::NoteTooLong => td_string!(l, errors.note_too_long).to_string(),
        P::BadDate(typed) => td_string!(l, errors.bad_date, typed = typed).to_string(),
        P::DateOutOfRange(d) => {
            td_string!(l, errors.date_out_of_range, date = date(l, d)).to_string()
        }
        P::ControlCharacter { .. } => td_string!(l, errors.control_character).to_string(),
        P::BadMonth(typed) => td_string!(l, errors.bad_month, typed = typed).to_string(),
        P::BadKind(_) => td_string!(l, errors.bad_kind).to_string(),
        P::BadId(id) => td_string!(l, errors.bad_id, id = id).to_string(),
        P::HoursOutOfRange { max } => {
            td_string!(l, errors.hours_out_of_range, max = *max).to_string()
        }
        P::NoSeller => td_string!(l, errors.no_seller).to_string(),
        P::UnknownLanguage => td_string!(l, errors.unknown_language).to_string(),
        P::BadIdChars => td_string!(l, errors.bad_id_chars).to_string(),
        P::BadEmail => td_string!(l, errors.bad_email).to_string(),
        P::PasswordLength { min, max } => {
            td_string!(l, errors.password_length, min = *min, max = *max).to_string()
        }
        P::PasswordGuessable => td_string!(l, errors.password_guessable).to_string(),
        P::BadRole => td_string!(l, errors.bad_role).to_string(),
        P::WrongCurrentPassword => td_string!(l, errors.wrong_current_password).to_string(),
        P::OutOfRange { min, max } => {
            td_string!(l, errors.out_of_range, min = *min, max = *max).to_string()
        }
        P::NameInUse => td_string!(l, errors.name_in_use).to_string(),
        P::BadCountry => td_string!(l, errors.bad_country).to_string(),
        P::BadIban => td_string!(l, errors.bad_iban).to_string(),
        P::BadBic => td_string!(l, errors.bad_bic).to_string(),
        P::BadElectronicAddress => td_string!(l, errors.bad_electronic_address).to_string(),
    }
}

fn quote_status(l: Locale, status: &str) -> String {
    match status {
        "offered" => td_string!(l, quotes.status_offered).to_string(),
        "approved" => td_string!(l, quotes.status_approved).to_string(),
        "declined" => td_string!(l, quotes.status_declined).to_string(),
        "cancelled" => td_string!(l, quotes.status_cancelled).to_string(),
        other => other.to_string(),
    }
}

fn rule_text(l: Locale, v: &RuleViolation) -> String {
    use RuleViolation as R;
    match v {
        R::OutOfOrder(e) => td_string!(l, errors.out_of_order, event = e).to_string(),
        R::TodayBeforeLastEvent { today, last } => td_string!(
            l,
            errors.today_before_last_event,
            today = date(l, today),
            last = date(l, last)
        )
        .to_string(),
        R::WrongCurrency { expected, got } => {
            td_string!(l, errors.wrong_currency, expected = expected, got = got).to_string()
        }
        R::UnknownPlan(id) => td_string!(l, errors.unknown_plan, id = id).to_string(),
        R::UnknownTier(id) => td_string!(l, errors.unknown_tier, id = id).to_string(),
        R::UnknownOrder(id) => td_string!(l, errors.unknown_order, id = id).to_string(),
        R::DuplicateOrder(id) => td_string!(l, errors.duplicate_order, id = id).to_string(),
        R::AlreadyPaid { order, reference } => {
            td_string!(l, errors.already_paid, id = order, reference = reference).to_string()
        }
        R::ReferenceReused(r) => td_string!(l, errors.reference_reused, reference = r).to_string(),
        R::OrderRefunded(id) => td_string!(l, errors.order_refunded, id = id).to_string(),
        R::NotPaid(id) => td_string!(l, errors.not_paid, id = id).to_string(),
        R::FixedTier(_) => td_string!(l, errors.fixed_tier).to_string(),
        R::HoursRequired(_) => td_string!(l, errors.hours_required).to_string(),
        R::UnknownEntry(id) => td_string!(l, errors.unknown_entry, id = id).to_string(),
        R::DuplicateEntry(id) => td_string!(l, errors.duplicate_entry, id = id).to_string(),
        R::EntryInFuture { date: d, on } => td_string!(
            l,
            errors.entry_in_future,
            date = date(l, d),
            on = date(l, on)
        )
        .to_string(),
        R::EntryInClosedMonth(_) => td_string!(l, errors.entry_in_closed_month).to_string(),
        R::AlreadyBug(_) => td_string!(l, errors.already_bug).to_string(),
        R::UnknownQuote(id) => td_string!(l, errors.unknown_quote, id = id).to_string(),
        R::DuplicateQuote(id) => td_string!(l, errors.duplicate_quote, id = id).to_string(),
        R::QuoteNotApproved { quote, status } => td_string!(
            l,
            errors.quote_not_approved,
            id = quote,
            status = quote_status(l, status)
        )
        .to_string(),
        R::QuoteOfAnotherDeveloper {
            quote, developer, ..
        } => td_string!(
            l,
            errors.quote_of_another_developer,
            id = quote,
            developer = developer
        )
        .to_string(),
        R::QuoteNeedsProject(id) => td_string!(l, errors.quote_needs_project, id = id).to_string(),
        R::QuoteTransition { quote, status, .. } => td_string!(
            l,
            errors.quote_transition,
            id = quote,
            status = quote_status(l, status)
        )
        .to_string(),
        R::MonthNotEnded { month: m, .. } => {
            td_string!(l, errors.month_not_ended, month = month(l, m)).to_string()
        }
        R::PlanAlreadyActive => td_string!(l, errors.plan_already_active).to_string(),
        R::NoActivePlan => td_string!(l, errors.no_active_plan).to_string(),
        R::PlanDateInClosedMonth(d) => {
            td_string!(l, errors.plan_date_in_closed_month, date = date(l, d)).to_string()
        }
        R::UnknownCost(id) => td_string!(l, errors.unknown_cost, id = id).to_string(),
        R::DuplicateCost(id) => td_string!(l, errors.duplicate_cost, id = id).to_string(),
        R::ConversionRateRequired => td_string!(l, errors.conversion_rate_required).to_string(),
        R::DateOutOfRange { date: d } => {
            td_string!(l, errors.date_out_of_range, date = date(l, d)).to_string()
        }
        R::DateTooFarBack {
            date: d,
            on,
            max_days,
            ..
        } => td_string!(
            l,
            errors.date_too_far_back,
            date = date(l, d),
            on = date(l, on),
            days = *max_days
        )
        .to_string(),
        R::DateTooFarAhead {
            date: d,
            on,
            max_days,
            ..
        } => td_string!(
            l,
            errors.date_too_far_ahead,
            date = date(l, d),
            on = date(l, on),
            days = *max_days
        )
        .to_string(),
        R::TooManyOpenOrders { limit } => {
            td_string!(l, errors.too_many_open_orders, limit = *limit).to_string()
        }
        R::OrderCancelled(id) => td_string!(l, errors.order_cancelled, id = id).to_string(),
        R::CancelPaidOrder(id) => td_string!(l, errors.cancel_paid_order, id = id).to_string(),
        R::EmptyHistory => td_string!(l, errors.empty_history).to_string(),
        R::BadCatalog(detail) => td_string!(l, errors.bad_catalog, detail = detail).to_string(),
        R::RatesFromTooEarly { first } => {
            td_string!(l, errors.rates_from_too_early, first = date(l, first)).to_string()
        }
        R::CatalogChanged => td_string!(l, errors.catalog_changed).to_string(),
        R::BadId(id) => td_string!(l, errors.bad_id, id = id).to_string(),
        R::BadValue(p) => parse_text(l, p),
        R::SellerRequired(_) => td_string!(l, errors.seller_required).to_string(),
        R::NoSellerForAgencyTier(_) => td_string!(l, errors.no_seller_for_agency_tier).to_string(),
        R::NoStandardRate => td_string!(l, errors.no_standard_rate).to_string(),
        R::CostNotPositive => td_string!(l, errors.cost_not_positive).to_string(),
        R::CostInFuture { date: d, .. } => {
            td_string!(l, errors.cost_in_future, date = date(l, d)).to_string()
        }
        R::ConversionRateNotPositive => {
            td_string!(l, errors.conversion_rate_not_positive).to_string()
        }
        R::NothingToRefund(_) => td_string!(l, errors.nothing_to_refund).to_string(),
        R::RefundIssued { order, minutes: m } => {
            td_string!(l, errors.refund_issued, order = order, hours = minutes(*m)).to_string()
        }
        R::InvalidatesEarlier(e) => td_string!(
            l,
            errors.invalidates_earlier,
            date = date(l, &e.on),
            reason = rule_text(l, &e.rule)
        )
        .to_string(),
        R::LoggedToday(id) => td_string!(l, errors.logged_today, id = id).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    fn parse(p: ParseError) -> Reason {
        Reason::Parse(p)
    }

    fn rule(v: RuleViolation) -> Reason {
        Reason::Rule(v)
    }

    #[test]
    fn a_typed_minutes_refusal_reads_in_each_language() {
        let r = parse(ParseError::DecimalWithoutUnit {
            what: Cow::Borrowed("minutes"),
            typed: "1,5".into(),
        });
        assert_eq!(
            reason_in(Locale::en, &r),
            "1,5 is not a whole number of minutes. For hours, write 1,5 h."
        );
        assert_eq!(
            reason_in(Locale::de, &r),
            "1,5 ist keine ganze Zahl von Minuten. Für Stunden schreiben Sie 1,5 h."
        );
        assert_eq!(
            reason_in(Locale::sl, &r),
            "1,5 ni celo število minut. Za ure napišite 1,5 h."
        );
    }

    #[test]
    fn dates_and_months_in_a_refusal_follow_the_pages_language() {
        let far = rule(RuleViolation::DateTooFarBack {
            what: Cow::Borrowed("entry date"),
            date: "2025-01-05".into(),
            on: "2026-03-18".into(),
            max_days: 366,
        });
        assert_eq!(
            reason_in(Locale::de, &far),
            "05.01.2025 liegt mehr als 366 Tage vor heute (18.03.2026)."
        );
        assert_eq!(
            reason_in(Locale::en, &far),
            "5 Jan 2025 is more than 366 days before today (18 Mar 2026)."
        );
        let open = rule(RuleViolation::MonthNotEnded {
            month: "2026-03".into(),
            on: "2026-03-18".into(),
        });
        assert!(reason_in(Locale::sl, &open).starts_with("Mesec marec 2026 se še ni končal."));
        assert!(reason_in(Locale::de, &open).starts_with("März 2026 ist noch nicht zu Ende."));
    }

    #[test]
    fn nested_and_framed_refusals_are_translated_whole() {
        let earlier = rule(RuleViolation::InvalidatesEarlier(Box::new(
            billing::ReplayError::new(
                3,
                NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                RuleViolation::NothingToRefund("pack:o1".into()),
            ),
        )));
        assert_eq!(
            reason_in(Locale::de, &earlier),
            "Dadurch würde ein früherer Eintrag (02.03.2026) ungültig: Dieses Paket hat keine ungenutzten Stunden zum Erstatten."
        );
        let refunded = rule(RuleViolation::InvalidatesEarlier(Box::new(
            billing::ReplayError::new(
                4,
                NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                RuleViolation::RefundIssued {
                    order: "june".into(),
                    minutes: 300,
                },
            ),
        )));
        assert_eq!(
            reason_in(Locale::en, &refunded),
            "This would make an earlier record (2 Mar 2026) invalid: The pack “june” was refunded, 5 h unused, and its credit note issued: this would use refunded hours."
        );
        // A quote's status in the reader's words, not the rules' identifier.
        let settled = rule(RuleViolation::QuoteTransition {
            quote: "q-sso".into(),
            status: "declined".into(),
            action: "approved".into(),
        });
        assert!(reason_in(Locale::de, &settled).contains("(Status: Abgelehnt)"));
        // Several refused fields: every reason, in order.
        let invalid = AppError::fields(vec![
            billing::FieldError::new("minutes", ParseError::ZeroMinutes),
            billing::FieldError::new("url", ParseError::BadUrl),
        ]);
        assert_eq!(
            error_in(Locale::sl, &invalid),
            "Vpišite vsaj 1 minuto. Povezava do zahtevka mora biti spletni naslov, ki se začne s https:// ali http://."
        );
        assert_eq!(
            error_in(Locale::de, &AppError::TooManyAttempts(15)),
            "Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in 15 Minuten erneut."
        );
        // Text composed outside the rules (staff set-up) stays English, as a sentence.
        assert_eq!(
            reason_in(
                Locale::de,
                &Reason::Text("a two-letter ISO 3166 code, e.g. DE".into())
            ),
            "A two-letter ISO 3166 code, e.g. DE."
        );
    }

    #[test]
    fn no_refusal_leaks_an_internal_prefix() {
        // What the server used to show: "not allowed: a client cannot do this", "conflict: …".
        for l in [Locale::en, Locale::de, Locale::sl] {
            for e in [
                AppError::Forbidden("a client cannot do this".into()),
                AppError::Conflict(rule(RuleViolation::AlreadyPaid {
                    order: "o1".into(),
                    reference: "BANK-1".into(),
                })),
                AppError::Server("storage".into()),
            ] {
                let text = error_in(l, &e);
                assert!(
                    !text.contains("not allowed:") && !text.contains("conflict:"),
                    "{text}"
                );
                assert!(!text.contains("{{"), "{text}");
            }
        }
    }
}
