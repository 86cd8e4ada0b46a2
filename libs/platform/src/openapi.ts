import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the storage is not exported from the package root
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: unknown;
};
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

/**
 * Serve an OpenAPI document at /docs (UI) and /docs-json, with request schemas generated from the same
 * class-validator DTOs that validate the requests, so the document cannot drift from the rules.
 */
export function setupOpenApi(app: INestApplication, title: string, description: string): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(title).setDescription(description).setVersion('1').build(),
  );
  const schemas = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage as never,
  });
  document.components = {
    ...document.components,
    schemas: { ...(document.components?.schemas ?? {}), ...schemas } as never,
  };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
