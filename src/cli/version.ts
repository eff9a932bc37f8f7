import { readFileSync } from 'node:fs';

/** Ward's version, from package.json (one level above both src/ and dist/). */
export function wardVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
