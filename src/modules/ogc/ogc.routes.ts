import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../platform/http.js';
import { errorResponses, Prewritten } from '../../platform/schemas.js';
import { ogcOpenApi } from './ogc.openapi.js';
import { Collection, Collections, Conformance, Feature, FeatureCollection, FormatQuery, ItemQuery, ItemsQuery, LandingPage } from './ogc.schemas.js';
import type { OgcService } from './ogc.service.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route also takes `Authorization: Basic` (desktop GIS clients), checked by the login service (app.ts). */
    basicAuth?: boolean;
  }
}

/** The links' base: the address the client used (behind TRUST_PROXY, the proxy's). */
const baseOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;
const REALM = 'Basic realm="wuweijian-ogc", charset="UTF-8"';

/**
 * OGC API – Features at /ogc for QGIS and GDAL. Every route needs a signed-in user (Bearer token, session
 * cookie, or HTTP Basic with username and password), sees only the user's jurisdiction, and only reads.
 */
export async function ogcRoutes(app: FastifyInstance, deps: { ogc: OgcService }) {
  const { ogc } = deps;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const config = { access: 'session' as const, basicAuth: true };
  // a client that sent no (or wrong) credentials is told it may answer with Basic (QGIS and GDAL then ask for them)
  app.addHook('onSend', async (_req, reply, payload) => {
    if (reply.statusCode === 401) reply.header('www-authenticate', REALM);
    return payload;
  });
  const tags = ['ogc'];

  r.get('/ogc', { config, schema: { tags, hide: true, querystring: FormatQuery, response: { ...errorResponses, 200: LandingPage } } }, async (req) => ogc.landing(baseOf(req)));
  r.get('/ogc/api', { config, schema: { tags, hide: true, querystring: FormatQuery } }, async (req, reply) => {
    reply.type('application/vnd.oai.openapi+json;version=3.0');
    return JSON.stringify(ogcOpenApi(baseOf(req)));
  });
  r.get('/ogc/conformance', { config, schema: { tags, hide: true, querystring: FormatQuery, response: { ...errorResponses, 200: Conformance } } }, async () => ogc.conformance());
  r.get('/ogc/collections', { config, schema: { tags, hide: true, querystring: FormatQuery, response: { ...errorResponses, 200: Collections } } }, async (req) =>
    ogc.collections(actorOf(req), baseOf(req)),
  );
  r.get(
    '/ogc/collections/:collectionId',
    { config, schema: { tags, hide: true, params: Type.Object({ collectionId: Type.String() }), querystring: FormatQuery, response: { ...errorResponses, 200: Collection } } },
    async (req) => ogc.collection(actorOf(req), req.params.collectionId, baseOf(req)),
  );
  r.get(
    '/ogc/collections/:collectionId/items',
    {
      config,
      // the FeatureCollection is sent as the text the service writes: the database's features spliced in (docs/ogc.md)
      schema: {
        tags,
        hide: true,
        params: Type.Object({ collectionId: Type.String() }),
        querystring: ItemsQuery,
        response: { ...errorResponses, 200: Prewritten(FeatureCollection) },
      },
    },
    async (req, reply) => {
      const { f: _f, ...q } = req.query;
      const { contentCrs, body } = await ogc.items(actorOf(req), req.params.collectionId, q, baseOf(req));
      return reply.type('application/geo+json').header('content-crs', `<${contentCrs}>`).send(body);
    },
  );
  r.get(
    '/ogc/collections/:collectionId/items/:featureId',
    {
      config,
      schema: {
        tags,
        hide: true,
        params: Type.Object({ collectionId: Type.String(), featureId: Type.String({ maxLength: 100 }) }),
        querystring: ItemQuery,
        response: { ...errorResponses, 200: Feature },
      },
    },
    async (req, reply) => {
      reply.type('application/geo+json');
      const { contentCrs, ...body } = await ogc.item(actorOf(req), req.params.collectionId, req.params.featureId, baseOf(req), req.query.crs);
      reply.header('content-crs', `<${contentCrs}>`);
      return body;
    },
  );
}
