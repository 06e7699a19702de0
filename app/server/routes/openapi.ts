import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

const openapi: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/openapi.json',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'This document: every route with its schemas and allowed roles (x-roles)',
        response: { 200: Type.Object({}, { additionalProperties: true }) }
      }
    },
    async () => app.swagger()
  );
};

export default openapi;
