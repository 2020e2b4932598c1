/**
 * An S3-compatible photo store for trying the cluster out on one machine: s3rver (npm, the project's dev
 * dependency) in a process of its own, its objects as files under a directory, one bucket.
 *
 *   node --import tsx deploy/s3-store.ts --dir DIR [--port 9000] [--bucket wwj-photos]
 *
 * Access key and secret are s3rver's own (S3RVER / S3RVER). Its PUTs are made whole-or-nothing here (below).
 * What differs from AWS S3 and MinIO: docs/scale.md.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as new (o: Record<string, unknown>) => S3rverInstance;

/*
 * s3rver writes a PUT's body straight into the object's file: the file is emptied when the PUT starts and a
 * PUT cut off (its client killed) leaves it empty or short, over an object another client had written
 * whole. AWS S3 and MinIO never do that: an object appears whole, when its PUT has arrived in full, or not
 * at all. So here a PUT goes to a file of its own, is checked against its Content-Length, and replaces the
 * object by a rename only then (docs/scale.md, "The photo store").
 */
interface StoredObject {
  bucket: string;
  key: string;
  content: Buffer | NodeJS.ReadableStream;
  metadata: Record<string, string>;
  size: number;
}
const FilesystemStore = require('s3rver/lib/stores/filesystem') as {
  prototype: {
    getResourcePath(bucket: string, key: string, resource: string): string;
    putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
    putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  };
};
FilesystemStore.prototype.putObject = async function (object: StoredObject) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  await fs.promises.mkdir(path.dirname(objectPath), { recursive: true });
  const temp = `${objectPath}.${randomUUID()}.partial`;
  const md5 = createHash('md5');
  let size = 0;
  try {
    if (Buffer.isBuffer(object.content)) {
      md5.update(object.content);
      size = object.content.length;
      await fs.promises.writeFile(temp, object.content);
    } else {
      const content = object.content;
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          md5.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      // a client that goes away mid-body: 'aborted' on the request (pipeline sees only a premature close)
      const aborted = new Promise<never>((_, reject) => (content as NodeJS.EventEmitter).once('aborted', () => reject(new Error('PUT aborted'))));
      await Promise.race([pipeline(content, count, fs.createWriteStream(temp)), aborted]);
    }
    const declared = object.size;
    if (Number.isFinite(declared) && declared !== size) throw new Error(`PUT body of ${size} bytes, ${declared} declared`);
    await fs.promises.rename(temp, objectPath);
  } catch (err) {
    await fs.promises.rm(temp, { force: true });
    throw err;
  }
  const digest = md5.digest('hex');
  await this.putMetadata(object.bucket, object.key, object.metadata, digest);
  return { size, md5: digest };
};

const { values } = parseArgs({ options: { dir: { type: 'string' }, port: { type: 'string', default: '9000' }, bucket: { type: 'string', default: 'wwj-photos' } } });
if (!values.dir) {
  console.error('usage: node --import tsx deploy/s3-store.ts --dir DIR [--port 9000] [--bucket wwj-photos]');
  process.exit(2);
}
const server = new S3rver({ address: '127.0.0.1', port: Number(values.port), silent: true, directory: values.dir, configureBuckets: [{ name: values.bucket }] });
const { port } = await server.run();
console.log(`s3 store listening on http://127.0.0.1:${port} bucket ${values.bucket} in ${values.dir}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
