-- Payments of month invoices (issue #14): an admin records the client's transfer when it
-- arrives, so the invoice lists know what is overdue. (A pack invoice is paid through its
-- order's payment_recorded event: that payment grants the hours.) One payment per invoice,
-- never changed.
CREATE TABLE invoice_payments (
    number      TEXT PRIMARY KEY NOT NULL REFERENCES documents (number),
    paid_on     TEXT NOT NULL,
    reference   TEXT NOT NULL,
    recorded_by TEXT,
    recorded_at TEXT NOT NULL
);

CREATE TRIGGER invoice_payments_refuse_change BEFORE UPDATE OR DELETE ON invoice_payments
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER invoice_payments_refuse_truncate BEFORE TRUNCATE ON invoice_payments
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
