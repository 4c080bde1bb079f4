// What roster://app serves: files of the renderer folder with the CSP header, nothing
// outside it, nothing for other hosts.

import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAppUrl, resolveAppFile } from '../../../main/kernel/node/ipc/app-protocol.js';
import { makeTempDir, removeTempDirs } from '../../support/workspace-fixtures.js';

afterAll(removeTempDirs);

describe('app protocol', () => {
  const root = makeTempDir('renderer');
  const site = join(root, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html>');
  writeFileSync(join(site, 'assets', 'app.js'), '');
  writeFileSync(join(root, 'secret.html'), 'secret');
  symlinkSync(join(root, 'secret.html'), join(site, 'link.html'));

  it('serves files in the folder with the strict CSP header', () => {
    const page = resolveAppFile('roster://app/index.html?view=launcher', site);
    expect(page).toMatchObject({ ok: true, file: join(site, 'index.html') });
    expect(page.ok && page.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.ok && page.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(resolveAppFile('roster://app/', site)).toMatchObject({ ok: true, file: join(site, 'index.html') });
    expect(resolveAppFile('roster://app/assets/app.js', site)).toMatchObject({ ok: true });
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });

  it.each([
    // The URL parser resolves literal dot segments first: these ask for /secret.html, which is not in the folder.
    ['roster://app/../secret.html', 404],
    ['roster://app/%2e%2e/secret.html', 404],
    ['roster://app/..%2fsecret.html', 403],
    ['roster://app/assets%2f..%2f..%2fsecret.html', 403],
    ['roster://app/assets%5c..%5c..%5csecret.html', 403],
    ['roster://app/index.html%00.js', 403],
    ['roster://app//etc/passwd', 403],
    ['roster://app/link.html', 403],
    ['roster://other/index.html', 403],
    ['roster://app@evil/index.html', 403],
    ['https://app/index.html', 403],
    ['roster://app/missing.html', 404],
    ['roster://app/assets', 404],
    ['roster://app/secret.exe', 404],
    ['roster://app/%E0%A4%A.html', 400],
    ['not a url', 400],
  ])('refuses %s with %i', (url, status) => {
    expect(resolveAppFile(url, site)).toEqual({ ok: false, status });
  });

  it('recognises only Roster’s own page as a trusted sender', () => {
    expect(isAppUrl('roster://app/index.html?view=workspace', 'roster://app')).toBe(true);
    for (const url of [
      'roster://app.evil/index.html',
      'roster://evil/app',
      'roster://user@app/index.html',
      'https://app/',
      'file:///index.html',
      'about:blank',
      '',
    ]) {
      expect(isAppUrl(url, 'roster://app'), url).toBe(false);
    }
  });
});
