-- Documents frozen at issue (issue #14): who each document is between and how it is paid, as
-- they were when it was issued. The seller settings gain payment terms and a bank account; an
-- account may have payment terms of its own.
ALTER TABLE seller ADD COLUMN payment_terms_days BIGINT NOT NULL DEFAULT 14
    CHECK (payment_terms_days BETWEEN 0 AND 365);
ALTER TABLE seller ADD COLUMN iban TEXT;
ALTER TABLE seller ADD COLUMN bic TEXT;
ALTER TABLE seller ADD COLUMN account_holder TEXT;
-- NULL: the seller's payment terms.
ALTER TABLE accounts ADD COLUMN payment_terms_days BIGINT
    CHECK (payment_terms_days IS NULL OR payment_terms_days BETWEEN 0 AND 365);

-- One row per issued document, written in the issuing transaction (api::parties::Parties as
-- JSON); due_on is NULL for credit notes.
CREATE TABLE document_parties (
    number  TEXT PRIMARY KEY NOT NULL REFERENCES documents (number),
    due_on  TEXT,
    parties TEXT NOT NULL CHECK (parties::jsonb IS NOT NULL)
);

CREATE TRIGGER document_parties_refuse_change BEFORE UPDATE OR DELETE ON document_parties
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER document_parties_refuse_truncate BEFORE TRUNCATE ON document_parties
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Documents issued before this migration: frozen once, with the details stored now (the
-- closest record there is of what they were); no bank account (none was stored), the due date
-- from the default terms.
INSERT INTO document_parties (number, due_on, parties)
SELECT d.number, p.due_on, json_build_object(
    'seller', json_build_object(
        'legal_name', COALESCE(s.legal_name, ''), 'address', COALESCE(s.address, ''),
        'country', COALESCE(s.country, ''), 'vat_id', s.vat_id,
        'electronic_address', s.electronic_address, 'email', s.email),
    'buyer', json_build_object(
        'legal_name', a.legal_name, 'address', a.address, 'country', a.country,
        'vat_id', a.vat_id, 'electronic_address', a.electronic_address, 'email', NULL),
    'payment', CASE WHEN p.due_on IS NULL THEN NULL ELSE json_build_object(
        'due_on', p.due_on, 'terms_days', 14, 'reference', d.number, 'bank', NULL) END)::text
FROM documents d
JOIN accounts a ON a.id = d.account_id
LEFT JOIN seller s ON s.id = 1
JOIN (SELECT number, CASE WHEN kind = 'credit_note' THEN NULL
                          ELSE to_char(issued_on::date + 14, 'YYYY-MM-DD') END AS due_on
      FROM documents) p ON p.number = d.number;
