// GET /models (design §4.5), and the extensions POST /models, GET /pocs, POST /pocs.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import * as z from 'zod';
import {
  listModels,
  registerModel,
  registerModelInputSchema,
  registerNextVersion,
} from '../../domain/models';
import { createPoc, createPocInputSchema, listPocs } from '../../domain/pocs';
import type { ApiEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../httpErrors';
import { json, jsonBody, modelSchema, pocSchema, toModelJson, toPocJson } from '../schemas';

const registerBodySchema = registerModelInputSchema.meta({
  id: 'RegisterModel',
  description:
    'Registers a model version. With `version` omitted and `base_model` given, the version is the base model’s highest version + 1.',
});

const listModelsRoute = createRoute({
  method: 'get',
  path: '/models',
  tags: ['models'],
  summary: 'Every model version.',
  responses: {
    200: json(z.object({ models: z.array(modelSchema) }), 'The models.'),
    ...errorResponses(401, 503),
  },
});

const registerModelRoute = createRoute({
  method: 'post',
  path: '/models',
  tags: ['models'],
  summary: 'Register a model version (extension).',
  request: { body: jsonBody(registerBodySchema) },
  responses: {
    201: json(modelSchema, 'The new model row.'),
    ...errorResponses(400, 401, 413, 415, 422, 503),
  },
});

const listPocsRoute = createRoute({
  method: 'get',
  path: '/pocs',
  tags: ['pocs'],
  summary: 'Every PoC (extension).',
  responses: { 200: json(z.object({ pocs: z.array(pocSchema) }), 'The PoCs.'), ...errorResponses(401, 503) },
});

const createPocRoute = createRoute({
  method: 'post',
  path: '/pocs',
  tags: ['pocs'],
  summary: 'Create a PoC (extension).',
  request: { body: jsonBody(createPocInputSchema.meta({ id: 'CreatePoc' })) },
  responses: { 201: json(pocSchema, 'The new PoC.'), ...errorResponses(400, 401, 413, 415, 422, 503) },
});

export function registerCatalogRoutes(app: OpenAPIHono<ApiEnv>, { db }: ApiDeps): void {
  app.openapi(listModelsRoute, async (c) => c.json({ models: (await listModels(db)).map(toModelJson) }, 200));

  app.openapi(registerModelRoute, async (c) => {
    const body = c.req.valid('json');
    const model =
      body.version === undefined && body.base_model
        ? await registerNextVersion(db, { ...body, base_model: body.base_model })
        : await registerModel(db, body);
    return c.json(toModelJson(model), 201);
  });

  app.openapi(listPocsRoute, async (c) => c.json({ pocs: (await listPocs(db)).map(toPocJson) }, 200));

  app.openapi(createPocRoute, async (c) => c.json(toPocJson(await createPoc(db, c.req.valid('json'))), 201));
}
