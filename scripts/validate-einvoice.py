#!/usr/bin/env python3
"""Validate UBL 2.1 e-invoices the way the EN 16931 and Peppol BIS Billing 3.0 artefacts say.

    validate-einvoice.py ASSETS DOC.xml [DOC.xml ...]

ASSETS is the folder of the official validation artefacts (ubl-2.1/xsd, en16931/*.xslt,
peppol-bis-billing-3/*.xslt; the tests use ../shared/einvoice). For each document one JSON line:

    {"file": ..., "xsd": ["message", ...], "failed": [{"rules": "en16931"|"peppol",
     "id": ..., "flag": "fatal"|"warning", "text": ...}, ...], "peppol": true|false}

The Peppol rules run for documents whose CustomizationID names Peppol. Exit status 0 when every
document was checked (whatever it broke), 2 when the checks themselves could not run.
"""

import json
import os
import sys

from lxml import etree
from saxonche import PySaxonProcessor

SVRL = "{http://purl.oclc.org/dsdl/svrl}"
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    assets, docs = sys.argv[1], sys.argv[2:]
    schemas = {
        "Invoice": etree.XMLSchema(
            etree.parse(os.path.join(assets, "ubl-2.1/xsd/maindoc/UBL-Invoice-2.1.xsd"))
        ),
        "CreditNote": etree.XMLSchema(
            etree.parse(os.path.join(assets, "ubl-2.1/xsd/maindoc/UBL-CreditNote-2.1.xsd"))
        ),
    }
    with PySaxonProcessor(license=False) as proc:
        xslt = proc.new_xslt30_processor()
        rules = {
            "en16931": xslt.compile_stylesheet(
                stylesheet_file=os.path.join(assets, "en16931/EN16931-UBL-validation.xslt")
            ),
            "peppol": xslt.compile_stylesheet(
                stylesheet_file=os.path.join(assets, "peppol-bis-billing-3/PEPPOL-EN16931-UBL.xslt")
            ),
        }
        for doc in docs:
            tree = etree.parse(doc)
            root = etree.QName(tree.getroot()).localname
            schema = schemas.get(root)
            xsd = ["root element " + root + " is neither Invoice nor CreditNote"]
            if schema is not None:
                xsd = [] if schema.validate(tree) else [str(e) for e in schema.error_log]
            customization = tree.findtext(CBC + "CustomizationID") or ""
            peppol = "peppol" in customization
            failed = []
            for name in ["en16931", "peppol"] if peppol else ["en16931"]:
                svrl = etree.fromstring(
                    rules[name].transform_to_string(source_file=os.path.abspath(doc)).encode()
                )
                for f in svrl.iter(SVRL + "failed-assert"):
                    failed.append(
                        {
                            "rules": name,
                            "id": f.get("id"),
                            "flag": f.get("flag"),
                            "location": f.get("location"),
                            "text": " ".join((f.findtext(SVRL + "text") or "").split()),
                        }
                    )
            print(json.dumps({"file": doc, "xsd": xsd, "failed": failed, "peppol": peppol}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
