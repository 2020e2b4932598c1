import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/http.js';
import { tusPlugin, type UploadStore } from '../../platform/tus.js';
import { ORIGINAL_UPLOAD_PATH } from './photos.presenter.js';
import type { PhotoOriginalsService } from './photo-originals.service.js';

/**
 * The originals of two-phase photos, uploaded resumably with tus at /api/uploads (docs/two-phase-report.md):
 * POST with `Upload-Length` (the declared size) and `Upload-Metadata: photoId <base64 of the photo's id>`,
 * then PATCH the bytes to the `Location` answered, HEAD it after a cut. The roles that upload photos; each
 * upload only by the user who reported the photo.
 */
export async function photoOriginalsRoutes(app: FastifyInstance, deps: { originals: PhotoOriginalsService; uploads: UploadStore; maxUploadBytes: number }) {
  const { originals } = deps;
  await app.register(
    tusPlugin({
      prefix: ORIGINAL_UPLOAD_PATH,
      store: deps.uploads,
      maxSize: deps.maxUploadBytes,
      access: ['inspector', 'town_officer', 'city_office', 'department'],
      tags: ['photos', 'patrol'],
      hooks: {
        create: (req, metadata, length) => originals.authorizeCreate(actorOf(req), metadata.photoId, length),
        created: (metadata, uploadId) => originals.uploadCreated(metadata.photoId!, uploadId),
        resume: (req, uploadId) => originals.resume(actorOf(req), uploadId),
        finished: (uploadId) => originals.finished(uploadId),
      },
    }),
  );
}
