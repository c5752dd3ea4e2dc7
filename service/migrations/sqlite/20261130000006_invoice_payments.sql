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
) WITHOUT ROWID;

CREATE TRIGGER invoice_payments_refuse_update BEFORE UPDATE ON invoice_payments
BEGIN
    SELECT RAISE(ABORT, 'recorded payments are immutable: UPDATE refused');
END;

CREATE TRIGGER invoice_payments_refuse_delete BEFORE DELETE ON invoice_payments
BEGIN
    SELECT RAISE(ABORT, 'recorded payments are immutable: DELETE refused');
END;
