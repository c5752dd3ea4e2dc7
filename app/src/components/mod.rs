pub mod entries_table;
pub mod entry_form;
pub mod month_summary;
pub mod preview;
