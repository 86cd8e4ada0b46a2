import { loadEnv } from '@lib/platform';
import { DEV_INTERNAL_AUTH_SECRET, IsInternalAuthSecret } from './internal-auth-secret';

class SomeEnv {
  @IsInternalAuthSecret()
  INTERNAL_AUTH_SECRET: string = DEV_INTERNAL_AUTH_SECRET;
}

describe(IsInternalAuthSecret.name, () => {
  it('lets the local stack start on the development default', () => {
    expect(loadEnv(SomeEnv, {}).INTERNAL_AUTH_SECRET).toBe(DEV_INTERNAL_AUTH_SECRET);
  });

  it('stops a production boot that did not set the secret, naming the variable', () => {
    expect(() => loadEnv(SomeEnv, { NODE_ENV: 'production' })).toThrow(
      /INTERNAL_AUTH_SECRET: .*NODE_ENV=production/,
    );
    const secret = 'x'.repeat(40);
    expect(
      loadEnv(SomeEnv, { NODE_ENV: 'production', INTERNAL_AUTH_SECRET: secret }).INTERNAL_AUTH_SECRET,
    ).toBe(secret);
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => loadEnv(SomeEnv, { INTERNAL_AUTH_SECRET: 'too-short' })).toThrow(/INTERNAL_AUTH_SECRET/);
  });
});
