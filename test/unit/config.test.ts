import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.sqliteSynchronous).toBe('FULL');
  });

  it('names every invalid variable in one readable error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', LOG_LEVEL: 'chatty', COMPACT_AFTER_UPDATES: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/LOG_LEVEL/);
    expect(message).toMatch(/COMPACT_AFTER_UPDATES/);
    expect(message).toContain('"chatty"');
  });

  it('times the instances’ shared presence and deletion holds, and refuses presence that would blink', () => {
    expect(loadConfig({}).cluster).toEqual({ presenceRefreshMs: 2_000, presenceStaleMs: 10_000, evictionHoldMs: 15_000 });
    expect(loadConfig({ TEAM_PRESENCE_REFRESH_MS: '500', TEAM_PRESENCE_STALE_MS: '1000', EVICTION_HOLD_MS: '3000' }).cluster).toEqual({
      presenceRefreshMs: 500,
      presenceStaleMs: 1_000,
      evictionHoldMs: 3_000,
    });
    expect(() => loadConfig({ TEAM_PRESENCE_REFRESH_MS: '5000', TEAM_PRESENCE_STALE_MS: '9999' })).toThrow(/TEAM_PRESENCE_STALE_MS: must be at least twice/);
  });
});

describe('configuration of sign-in and mail', () => {
  it('asks for what OIDC and SMTP need, and checks the time zone', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://auth.dataporten.no' })).toThrow(/OIDC_CLIENT_ID[\s\S]*OIDC_CLIENT_SECRET/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.skole.no:25' })).toThrow(/PUBLIC_ORIGIN: required when SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.skole.no', PUBLIC_ORIGIN: 'https://f.no' })).toThrow(/SMTP_URL: must start with smtp/);
    expect(() => loadConfig({ NOTIFY_TIME_ZONE: 'Mars/Olympus' })).toThrow(/NOTIFY_TIME_ZONE/);
    expect(() => loadConfig({ NOTIFY_HOUR: '24' })).toThrow(/NOTIFY_HOUR/);
  });

  it('defaults suit Feide and a fresh install', () => {
    const config = loadConfig({ OIDC_ISSUER: 'https://auth.dataporten.no', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 'secret' });
    expect(config.oidc).toMatchObject({
      scopes: ['openid', 'profile', 'email', 'userid-feide', 'groups-org'],
      name: 'Feide',
      groupsApi: 'https://groups-api.dataporten.no/groups/me/groups',
    });
    expect(loadConfig({ OIDC_ISSUER: 'https://idp.test', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b', OIDC_SCOPES: 'profile' }).oidc).toMatchObject({
      scopes: ['openid', 'profile'],
      groupsApi: null,
    });
    expect(loadConfig({}).oidc).toBeNull();
    expect(loadConfig({}).mail).toMatchObject({ smtpUrl: null, from: 'Fellesrom <noreply@localhost>' });
    expect(loadConfig({ PUBLIC_ORIGIN: 'https://fellesrom.skole.no' }).mail.from).toBe('Fellesrom <noreply@fellesrom.skole.no>');
  });
});
