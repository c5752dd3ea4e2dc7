pub mod home;
pub mod invoice;
pub mod not_found;
pub mod sign_in;
pub mod work_log;
