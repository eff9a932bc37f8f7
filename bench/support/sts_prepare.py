"""Prepares a server for the STS benchmark (bench/sts.ts) and pre-signs its requests with boto3.

  python3 sts_prepare.py --endpoint URL --access-key K --secret S --count N OUT_DIR

As the given (root) credentials: creates the role `sts-bench-role`, trusting the caller's account root,
and the user `sts-bench-user`, allowed sts:AssumeRole on that role, with an access key; assumes the role
once with the user's key (the session used below). Then writes, pre-signed for GET (X-Amz-Expires 900):

  OUT_DIR/assume-role.txt     N AssumeRole requests signed with the user's key (RoleSessionName bench-0..N-1)
  OUT_DIR/gci-key.txt         N GetCallerIdentity requests signed with the user's long-term key
  OUT_DIR/gci-session.txt     N GetCallerIdentity requests signed with the role session's credentials
                              (X-Amz-Security-Token in the query string)

and prints one JSON line: the role ARN, the account, and what each credential's GetCallerIdentity says.
Every line is the path and query only; the signature covers the Host header, so a file is good only for
the endpoint it was signed for. moto ignores signatures and trust policies: the same calls work there.
"""
import argparse
import json
import os
import sys
from urllib.parse import urlsplit

import boto3
from botocore.config import Config

ROLE = 'sts-bench-role'
USER = 'sts-bench-user'


def client(service, endpoint, key, secret, token=None):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name='us-east-1',
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token=token,
        config=Config(retries={'max_attempts': 1}, connect_timeout=10, read_timeout=60),
    )


def write(path, sts, op, params_of, count):
    with open(path, 'w', encoding='utf-8') as out:
        for i in range(count):
            url = sts.generate_presigned_url(op, Params=params_of(i), HttpMethod='GET', ExpiresIn=900)
            parts = urlsplit(url)
            out.write(f'{parts.path or "/"}?{parts.query}\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--endpoint', required=True)
    parser.add_argument('--access-key', required=True)
    parser.add_argument('--secret', required=True)
    parser.add_argument('--count', type=int, default=2000)
    parser.add_argument('out_dir')
    args = parser.parse_args()

    root_sts = client('sts', args.endpoint, args.access_key, args.secret)
    account = root_sts.get_caller_identity()['Account']
    iam = client('iam', args.endpoint, args.access_key, args.secret)
    trust = {'Version': '2012-10-17', 'Statement': [
        {'Effect': 'Allow', 'Principal': {'AWS': f'arn:aws:iam::{account}:root'}, 'Action': 'sts:AssumeRole'}]}
    role_arn = iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=json.dumps(trust))['Role']['Arn']
    iam.create_user(UserName=USER)
    iam.put_user_policy(UserName=USER, PolicyName='assume', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [
        {'Effect': 'Allow', 'Action': 'sts:AssumeRole', 'Resource': role_arn}]}))
    key = iam.create_access_key(UserName=USER)['AccessKey']

    user_sts = client('sts', args.endpoint, key['AccessKeyId'], key['SecretAccessKey'])
    session = user_sts.assume_role(RoleArn=role_arn, RoleSessionName='bench-session', DurationSeconds=3600)['Credentials']
    session_sts = client('sts', args.endpoint, session['AccessKeyId'], session['SecretAccessKey'], session['SessionToken'])

    os.makedirs(args.out_dir, exist_ok=True)
    write(os.path.join(args.out_dir, 'assume-role.txt'), user_sts, 'assume_role',
          lambda i: {'RoleArn': role_arn, 'RoleSessionName': f'bench-{i}', 'DurationSeconds': 900}, args.count)
    write(os.path.join(args.out_dir, 'gci-key.txt'), user_sts, 'get_caller_identity', lambda i: {}, args.count)
    write(os.path.join(args.out_dir, 'gci-session.txt'), session_sts, 'get_caller_identity', lambda i: {}, args.count)
    print(json.dumps({
        'account': account,
        'roleArn': role_arn,
        'userArn': user_sts.get_caller_identity()['Arn'],
        'sessionArn': session_sts.get_caller_identity()['Arn'],
        'sessionTokenChars': len(session['SessionToken']),
    }))


if __name__ == '__main__':
    sys.exit(main())
