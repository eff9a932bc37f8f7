"""Refreshes the AWS managed policy documents Ward serves (see docs/aws-managed-policies.md).

Reads the catalogue moto ships (moto/iam/aws_managed_policies.py, which moto's maintainers regenerate from
the IAM API: ListPolicies(Scope=AWS) + GetPolicyVersion of each default version) and rewrites one JSON file
per policy named in POLICIES. Descriptions are not in that catalogue: they are kept from the existing file
(copied by hand from the AWS Managed Policy Reference Guide page of the policy).

Usage: python3 src/iam/policies/aws-managed/refresh.py
"""
import json
import os

from moto.iam.aws_managed_policies import aws_managed_policies_data

POLICIES = [
    "AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "IAMFullAccess", "IAMReadOnlyAccess",
    "IAMUserChangePassword", "AmazonS3ReadOnlyAccess", "AmazonS3FullAccess", "AmazonEC2ReadOnlyAccess",
    "AmazonEC2FullAccess", "SecurityAudit",
    # job-function/
    "Billing", "DatabaseAdministrator", "DataScientist", "NetworkAdministrator", "SupportUser",
    "SystemAdministrator", "ViewOnlyAccess",
]

HERE = os.path.dirname(os.path.abspath(__file__))


TOP_ORDER = ["Version", "Id", "Statement"]
STATEMENT_ORDER = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]


def ordered(obj, order):
    """moto's catalogue sorts keys; AWS's reference pages show Version first and Sid, Effect, Action, Resource."""
    keys = [k for k in order if k in obj] + sorted(k for k in obj if k not in order)
    return {k: obj[k] for k in keys}


def canonical(document):
    document = ordered(document, TOP_ORDER)
    statements = document.get("Statement")
    if isinstance(statements, list):
        document["Statement"] = [ordered(s, STATEMENT_ORDER) if isinstance(s, dict) else s for s in statements]
    elif isinstance(statements, dict):
        document["Statement"] = ordered(statements, STATEMENT_ORDER)
    return document


def utc(text):
    """moto writes `2015-02-06T18:39:46+00:00`; Ward keeps ISO 8601 with `Z`."""
    return text.replace("+00:00", "Z")


def main():
    catalogue = json.loads(aws_managed_policies_data)
    for name in POLICIES:
        entry = catalogue[name]
        target = os.path.join(HERE, f"{name}.json")
        description = None
        if os.path.exists(target):
            with open(target, encoding="utf-8") as f:
                description = json.load(f).get("description")
        record = {
            "name": name,
            "path": entry["Path"],
            "arnSuffix": f"policy{entry['Path']}{name}",
            "description": description,
            "versionId": entry["DefaultVersionId"],
            "createDate": utc(entry["CreateDate"]),
            "updateDate": utc(entry["UpdateDate"]),
            "document": canonical(entry["Document"]),
        }
        if record["description"] is None:
            del record["description"]
        with open(target, "w", encoding="utf-8") as f:
            json.dump(record, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(f"{name}: {record['versionId']} ({record['updateDate']})")


if __name__ == "__main__":
    main()
