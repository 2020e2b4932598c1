import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { AwsClient } from 'aws4fetch';

// s3rver ships no types; the calls used here
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (o: Record<string, unknown>) => S3rverInstance;

/** s3rver's built-in account: it checks SigV4 signatures against these. */
const ACCESS_KEY = 'S3RVER';
const SECRET_KEY = 'S3RVER';

export interface LocalS3 {
  /** BLOB_DRIVER=s3 and the S3_* keys that point at this server. */
  env: Record<string, string>;
  endpoint: string;
  bucket: string;
  /** Every key in the bucket under a prefix, read with ListObjectsV2 (not through the driver under test). */
  list(prefix?: string): Promise<string[]>;
  /** The Content-Type the server stored for a key (HEAD). */
  contentType(key: string): Promise<string | null>;
  close(): Promise<void>;
}

/** A fake S3 in this process on a free port, data in a temp directory, with one empty bucket. */
export async function startLocalS3(bucket = 'wwj-photos'): Promise<LocalS3> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const aws = new AwsClient({ accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY, service: 's3', region: 'us-east-1', retries: 0 });
  const created = await aws.fetch(`${endpoint}/${bucket}`, { method: 'PUT' });
  if (!created.ok) throw new Error(`s3rver: creating bucket ${bucket} failed: ${created.status} ${await created.text()}`);
  return {
    endpoint,
    bucket,
    env: { BLOB_DRIVER: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: ACCESS_KEY, S3_SECRET_ACCESS_KEY: SECRET_KEY },
    async list(prefix = '') {
      const res = await aws.fetch(`${endpoint}/${bucket}?list-type=2&prefix=${encodeURIComponent(prefix)}`);
      const xml = await res.text();
      if (!res.ok) throw new Error(`s3rver: listing ${bucket} failed: ${res.status} ${xml}`);
      return [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]);
    },
    async contentType(key) {
      const res = await aws.fetch(`${endpoint}/${bucket}/${key}`, { method: 'HEAD' });
      if (!res.ok) throw new Error(`s3rver: HEAD ${key} failed: ${res.status}`);
      return res.headers.get('content-type');
    },
    async close() {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
