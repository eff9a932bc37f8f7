"""Pre-signs IAM requests for the IAM benchmark (bench/iam.ts), with boto3 as a real client would sign them.

  python3 iam_presign.py presign --endpoint URL --access-key K --secret S IN.jsonl OUT.txt
      IN has one request a line, {"op": "get_user", "params": {"UserName": "u1"}} (boto3's operation and
      parameter names); OUT gets the path and query of each, pre-signed for GET (X-Amz-Expires 900), in order.
  python3 iam_presign.py markers --endpoint URL --access-key K --secret S --max-items 100 OUT.txt
      Walks ListUsers page by page and writes every Marker it is given, one a line.

The signature covers the Host header, so a file is good only for the endpoint it was signed for.
"""
import argparse
import json
import sys
from urllib.parse import urlsplit

import boto3
from botocore.config import Config


def client(args):
    return boto3.client(
        'iam',
        endpoint_url=args.endpoint,
        region_name=args.region,
        aws_access_key_id=args.access_key,
        aws_secret_access_key=args.secret,
        config=Config(retries={'max_attempts': 1}, connect_timeout=10, read_timeout=120),
    )


def presign(args):
    iam = client(args)
    count = 0
    with open(args.input, encoding='utf-8') as source, open(args.output, 'w', encoding='utf-8') as out:
        for line in source:
            line = line.strip()
            if not line:
                continue
            spec = json.loads(line)
            url = iam.generate_presigned_url(spec['op'], Params=spec.get('params', {}), HttpMethod='GET', ExpiresIn=900)
            parts = urlsplit(url)
            out.write(f'{parts.path or "/"}?{parts.query}\n')
            count += 1
    print(count)


def markers(args):
    iam = client(args)
    count = 0
    marker = None
    with open(args.output, 'w', encoding='utf-8') as out:
        while True:
            params = {'MaxItems': args.max_items}
            if marker is not None:
                params['Marker'] = marker
            page = iam.list_users(**params)
            if not page.get('IsTruncated'):
                break
            marker = page['Marker']
            out.write(f'{marker}\n')
            count += 1
    print(count)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest='command', required=True)
    for name in ('presign', 'markers'):
        p = sub.add_parser(name)
        p.add_argument('--endpoint', required=True)
        p.add_argument('--access-key', required=True)
        p.add_argument('--secret', required=True)
        p.add_argument('--region', default='us-east-1')
        if name == 'presign':
            p.add_argument('input')
        else:
            p.add_argument('--max-items', type=int, default=100)
        p.add_argument('output')
    args = parser.parse_args()
    presign(args) if args.command == 'presign' else markers(args)


if __name__ == '__main__':
    sys.exit(main())
