pub mod entries_table;
pub mod entry_form;
pub mod invoices_list;
pub mod month_summary;
pub mod preview;
pub mod session;
