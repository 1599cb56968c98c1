import http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { App } from '../../src/app';
import { updatePolicy } from '../../src/stitching';
import { codes, gql, startTestApp, uniqueTenant } from '../support/app';

/** Tokens from an identity provider's JWKS, with issuer and audience checks. */
describe('authentication through a JWKS URL', () => {
  let app: App;
  let idp: http.Server;
  let sign: (claims: Record<string, unknown>, opts?: { issuer?: string; audience?: string }) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    idp = http.createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/.well-known/jwks.json`;
    sign = (claims, opts = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(opts.issuer ?? 'https://idp.example')
        .setAudience(opts.audience ?? 'threadgraph')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
    app = await startTestApp({
      AUTH_JWT_SECRET: '',
      AUTH_JWKS_URL: jwksUrl,
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'threadgraph',
      AUTH_TENANT_CLAIM: 'org',
    });
  });
  afterAll(async () => {
    await app.stop();
    await new Promise((resolve) => idp.close(resolve));
  });

  const query = 'query { stitchingPolicy { maxDepth } }';

  it('accepts a token signed by the provider, with the tenant from the configured claim', async () => {
    // Only this tenant's policy says maxDepth 7: reading 7 proves the request ran in the `org` claim's tenant.
    const org = uniqueTenant();
    await updatePolicy(app.db.forTenant(org), { maxDepth: 7 });
    const res = await gql(app, query, {}, await sign({ org, tenant: uniqueTenant(), scope: 'interaction:read' }));
    expect(res.errors).toBeUndefined();
    expect(res.data!.stitchingPolicy.maxDepth).toBe(7);
  });

  it('refuses a token for another audience or from another issuer', async () => {
    const tenant = uniqueTenant();
    expect(codes(await gql(app, query, {}, await sign({ org: tenant, scope: 'interaction:read' }, { audience: 'someone-else' })))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(
      codes(await gql(app, query, {}, await sign({ org: tenant, scope: 'interaction:read' }, { issuer: 'https://evil.example' }))),
    ).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a token without the tenant claim', async () => {
    expect(codes(await gql(app, query, {}, await sign({ tenant: 'wrong-claim', scope: 'interaction:read' })))).toEqual(['UNAUTHENTICATED']);
  });
});
