import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test keys and certificates made fresh by the system's `openssl` and `ssh-keygen` (both on PATH here),
 * so the code under test is checked against independent tools, not against itself.
 */

function inTemp<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ward-cred-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A self-signed certificate and its private key (PEM), from `openssl req -x509`. */
export function selfSigned(commonName: string, keyType: 'rsa' | 'ec' = 'rsa'): { certificate: string; privateKey: string } {
  return inTemp((dir) => {
    const { privateKey } = keyType === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(join(dir, 'key.pem'), keyPem);
    execFileSync('openssl', ['req', '-x509', '-new', '-key', join(dir, 'key.pem'), '-subj', `/CN=${commonName}`, '-days', '365', '-out', join(dir, 'cert.pem')], { stdio: 'pipe' });
    return { certificate: readFileSync(join(dir, 'cert.pem'), 'utf8'), privateKey: keyPem };
  });
}

/** An SSH key pair from `ssh-keygen`: its public line, its PEM (SPKI) form and its MD5 fingerprint. */
export function sshKey(type: 'rsa' | 'ed25519' | 'ecdsa', bits?: number): { line: string; pem: string; md5: string } {
  return inTemp((dir) => {
    const file = join(dir, 'id');
    execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits !== undefined ? ['-b', String(bits)] : []), '-N', '', '-C', 'test@example', '-f', file], { stdio: 'pipe' });
    const line = readFileSync(`${file}.pub`, 'utf8').trim();
    const md5 = /MD5:([0-9a-f:]+)/.exec(execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', `${file}.pub`], { encoding: 'utf8' }))?.[1] ?? '';
    const pem = type === 'ed25519' ? '' : execFileSync('ssh-keygen', ['-e', '-m', 'PKCS8', '-f', `${file}.pub`], { encoding: 'utf8' });
    return { line, pem, md5 };
  });
}
