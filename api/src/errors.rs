//! The one error type, from storage to the browser: every server function answers with it, and
//! every variant has its HTTP status. Pages match on variants, never on message text.

use billing::{FieldError, Reason};
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Not signed in, or the session expired: 401.
    #[error("please sign in")]
    Unauthorized,
    /// Signed in, but this role may not do this: 403.
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// Too many failed sign-ins: 429, with the minutes until the next attempt may succeed.
    #[error("too many failed sign-ins; try again in {0} minutes")]
    TooManyAttempts(i64),
    /// An id that names nothing (or nothing this caller may see): 404.
    #[error("not found: {0}")]
    NotFound(String),
    /// Input that does not parse: every refused field with its message (422). `form` is what
    /// was submitted, cut to fit a URL, so that a form posted without JavaScript (the error
    /// travels in the redirect's URL) is filled in again.
    #[error("{}", fields_text(errors))]
    Invalid {
        errors: Vec<FieldError>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        form: Vec<(String, String)>,
    },
    /// Input that parses but breaks a billing rule (docs/POLICY.md): 422.
    #[error("refused: {0}")]
    Refused(Reason),
    /// Already done differently (another payment for a paid order, …): 409.
    #[error("conflict: {0}")]
    Conflict(Reason),
    /// A submission key sent again with other values (a form kept open in two tabs, say): 409.
    #[error("this form was already sent with other values; reload the page and try again")]
    SubmissionReused,
    /// An email that already belongs to a user, or to an open invitation with other details:
    /// 409.
    #[error("this email already belongs to a user or to an open invitation")]
    EmailInUse,
    /// An invitation link that was used, withdrawn, replaced or has expired: 404.
    #[error("this invitation link does not work any more: ask for a new one")]
    InvitationClosed,
    /// A request that is not a well-formed call (a body that does not decode, a missing
    /// argument): 400.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A request body above the limit every call shares: 413.
    #[error("the request is too large: {0}")]
    TooLarge(String),
    /// Our fault; nothing was stored: 500.
    #[error("server error: {0}")]
    Server(String),
}

fn fields_text(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The longest value of a field sent back to refill a form (above every limit the rules
/// accept, so the person still sees why it was refused).
const ECHO_CHARS: usize = billing::events::MAX_NOTE + 10;

impl AppError {
    /// One refused field.
    pub fn invalid(field: &str, reason: impl Into<Reason>) -> AppError {
        AppError::fields(vec![FieldError::new(field, reason)])
    }

    /// Several refused fields at once (a form reports every bad field, not the first).
    pub fn fields(errors: Vec<FieldError>) -> AppError {
        AppError::Invalid {
            errors,
            form: Vec::new(),
        }
    }

    /// Attach what was submitted to a refusal of fields (other errors are returned as they are).
    pub fn with_form<'a>(self, submitted: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        match self {
            AppError::Invalid { errors, .. } => AppError::Invalid {
                errors,
                form: submitted
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.chars().take(ECHO_CHARS).collect()))
                    .collect(),
            },
            other => other,
        }
    }

    /// Why form field `name` was refused, when this error is about that field.
    pub fn field(&self, name: &str) -> Option<&Reason> {
        match self {
            AppError::Invalid { errors, .. } => {
                errors.iter().find(|e| e.field == name).map(|e| &e.reason)
            }
            _ => None,
        }
    }

    /// What was submitted in form field `name`, when a refusal carries the form.
    pub fn submitted(&self, name: &str) -> Option<&str> {
        match self {
            AppError::Invalid { form, .. } => form
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden(_) => 403,
            AppError::TooManyAttempts(_) => 429,
            AppError::NotFound(_) => 404,
            AppError::Invalid { .. } | AppError::Refused(_) => 422,
            AppError::Conflict(_) | AppError::SubmissionReused | AppError::EmailInUse => 409,
            AppError::InvitationClosed => 404,
            AppError::BadRequest(_) => 400,
            AppError::TooLarge(_) => 413,
            AppError::Server(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // On the server these mean the request itself was malformed (its body does not
            // decode, an argument is missing or of the wrong shape): the caller's fault.
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => AppError::BadRequest(m),
            #[cfg(feature = "server")]
            ServerFnErrorErr::Deserialization(m) => AppError::BadRequest(m),
            other => AppError::Server(other.to_string()),
        }
    }
}

/// The rules' refusals, typed: what a history breaks becomes a 422 or a 409.
impl From<billing::RuleViolation> for AppError {
    fn from(rule: billing::RuleViolation) -> Self {
        use billing::RuleViolation as R;
        match rule {
            R::UnknownOrder(_)
            | R::UnknownEntry(_)
            | R::UnknownQuote(_)
            | R::UnknownPlan(_)
            | R::UnknownTier(_) => AppError::NotFound(rule.to_string()),
            R::AlreadyPaid { .. }
            | R::ReferenceReused(_)
            | R::DuplicateOrder(_)
            | R::OrderRefunded(_)
            | R::OrderCancelled(_)
            | R::CancelPaidOrder(_) => AppError::Conflict(rule.into()),
            // A date the calendar or the policy does not allow belongs next to the date field.
            R::DateOutOfRange { .. }
            | R::DateTooFarBack { .. }
            | R::DateTooFarAhead { .. }
            | R::EntryInFuture { .. } => AppError::invalid("date", rule),
            other => AppError::Refused(other.into()),
        }
    }
}
