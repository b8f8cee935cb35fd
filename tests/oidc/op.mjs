// The authorization server agora's sign-in tests run against: oidc-provider on loopback.
//   node op.mjs PORT [DEVICE_CODE_TTL_SECONDS]
// Dynamic registration, PKCE (required for public clients), the device flow and revocation
// are on. oidc-provider never answers `slow_down` itself: POST /_test/slow_down?n=N makes the
// next N token requests get it (the tests ask for it while a device code is being polled).
import { Provider } from 'oidc-provider';

const port = Number(process.argv[2]);
const deviceTtl = Number(process.argv[3] || 120);
const issuer = `http://127.0.0.1:${port}`;
let slowDowns = 0;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'agora-test', application_type: 'native', token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
    response_types: ['code'], redirect_uris: ['http://127.0.0.1/callback'],
  }],
  features: {
    devInteractions: { enabled: true },
    deviceFlow: { enabled: true },
    registration: { enabled: true },
    revocation: { enabled: true },
  },
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  claims: { openid: ['sub'], profile: ['name', 'website', 'picture'], email: ['email', 'email_verified'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: `Test ${id}`, website: `https://example.test/${id}`,
                 email: `${id}@example.test`, email_verified: true };
      },
    };
  },
  ttl: { AccessToken: 300, AuthorizationCode: 60, DeviceCode: deviceTtl, RefreshToken: 3600,
         IdToken: 300, Interaction: 600, Session: 600, Grant: 3600 },
});

provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path === '/_test/slow_down') {
    slowDowns = Number(ctx.query.n || 1);
    ctx.status = 204;
    return;
  }
  if (ctx.method === 'POST' && ctx.path === '/token' && slowDowns > 0) {
    slowDowns -= 1;
    ctx.status = 400;
    ctx.body = { error: 'slow_down', error_description: 'polling too fast' };
    return;
  }
  await next();
});

provider.listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
