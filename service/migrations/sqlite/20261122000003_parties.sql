-- What invoices and e-invoices need of both parties (issue #4): the account's country,
-- electronic address and locale; the seller's (the deployment's) own details.
ALTER TABLE accounts ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN electronic_address TEXT;
ALTER TABLE accounts ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';

-- One row: the agency or marketplace this deployment invoices for.
CREATE TABLE seller (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    legal_name         TEXT NOT NULL,
    address            TEXT NOT NULL,
    country            TEXT NOT NULL,
    vat_id             TEXT,
    electronic_address TEXT,
    email              TEXT
);
