import { createHash } from 'node:crypto';
import path from 'node:path';
import { PassThrough, pipeline, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AwsClient } from 'aws4fetch';
import type { S3Settings } from '../config.js';
import { checkKey, type BlobStore, type PutOptions } from './blobs.js';

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.heic': 'image/heic',
  '.webp': 'image/webp',
};

/** A failed S3 call. `s3Status` is the HTTP status from the service (0 when it could not be reached). */
export class S3Error extends Error {
  constructor(
    message: string,
    readonly s3Status: number,
    readonly s3Code: string | null,
  ) {
    super(message);
    this.name = 'S3Error';
  }
}

/**
 * Photo bytes in an S3-compatible bucket (AWS S3, MinIO, …), one object per blob key, requests
 * signed with SigV4. Keys are content-addressed or derived from the photo id, so a repeated put
 * writes the same bytes to the same object: retries and reruns are harmless.
 */
export class S3BlobStore implements BlobStore {
  readonly driver = 's3';
  private readonly client: AwsClient;

  constructor(private readonly s3: S3Settings) {
    // aws4fetch retries 5xx and 429 with jittered exponential backoff
    this.client = new AwsClient({ accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, service: 's3', region: s3.region, retries: 5 });
  }

  private url(key: string) {
    const k = checkKey(key).split('/').map(encodeURIComponent).join('/');
    if (this.s3.forcePathStyle) return `${this.s3.endpoint}/${this.s3.bucket}/${k}`;
    const u = new URL(this.s3.endpoint);
    u.hostname = `${this.s3.bucket}.${u.hostname}`;
    return `${u.toString().replace(/\/+$/, '')}/${k}`;
  }

  private async send(method: string, key: string, init: { body?: Buffer; headers?: Record<string, string> } = {}) {
    const url = this.url(key);
    try {
      return await this.client.fetch(url, { method, ...init });
    } catch (e) {
      const cause = e as Error & { cause?: { code?: string; message?: string } };
      const why = cause.cause?.code ?? cause.cause?.message ?? cause.message;
      throw new S3Error(`S3 ${method} ${this.where(key)} failed: cannot reach ${this.s3.endpoint} (${why})`, 0, null);
    }
  }

  private where(key: string) {
    return `s3://${this.s3.bucket}/${key}`;
  }

  /** Turns a non-2xx answer into an S3Error naming the call, the status and S3's own error code. */
  private async failure(method: string, key: string, res: Response): Promise<S3Error> {
    // HEAD answers carry no body; others carry <Error><Code>…</Code><Message>…</Message></Error>
    const xml = method === 'HEAD' ? '' : await res.text().catch(() => '');
    const code = /<Code>([^<]*)<\/Code>/.exec(xml)?.[1] ?? null;
    const msg = /<Message>([^<]*)<\/Message>/.exec(xml)?.[1];
    return new S3Error(`S3 ${method} ${this.where(key)} failed: ${res.status}${code ? ` ${code}` : ''}${msg ? ` (${msg})` : ''}`, res.status, code);
  }

  async put(key: string, bytes: Buffer | readonly Buffer[], opts: PutOptions = {}) {
    // one ordinary buffer, copied only when it must be: several chunks, or shared memory (an original the
    // photo worker joined), which fetch refuses as a body
    const parts = Buffer.isBuffer(bytes) ? [bytes] : bytes;
    const data = parts.length === 1 && !(parts[0].buffer instanceof SharedArrayBuffer) ? parts[0] : Buffer.concat(parts as Buffer[]);
    // object lock (WORM): nobody, the bucket's owner included, deletes or rewrites this version before then;
    // S3 wants a Content-MD5 with it
    const retention: Record<string, string> = opts.retainUntil
      ? {
          'x-amz-object-lock-mode': 'COMPLIANCE',
          'x-amz-object-lock-retain-until-date': opts.retainUntil.toISOString(),
          'content-md5': createHash('md5').update(data).digest('base64'),
        }
      : {};
    const res = await this.send('PUT', key, {
      body: data,
      headers: {
        'content-type': CONTENT_TYPES[path.extname(key).toLowerCase()] ?? 'application/octet-stream',
        // a signed payload hash: the service refuses bytes that changed on the way
        'x-amz-content-sha256': createHash('sha256').update(data).digest('hex'),
        ...retention,
      },
    });
    if (!res.ok) throw await this.failure('PUT', key, res);
    await res.body?.cancel();
  }

  async get(key: string) {
    const res = await this.send('GET', key);
    if (!res.ok) throw await this.failure('GET', key, res);
    return Buffer.from(await res.arrayBuffer());
  }

  /** Synchronous like the disk driver's: the stream is fed once the GET answers, or errors with its status. */
  stream(key: string): Readable {
    checkKey(key); // a bad key throws here, as on disk
    const out = new PassThrough();
    this.send('GET', key)
      .then(async (res) => {
        if (!res.ok) throw await this.failure('GET', key, res);
        if (!res.body || out.destroyed) return void (await res.body?.cancel());
        // pipeline destroys the source when the reader goes away (a client that hung up)
        pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), out, () => {});
      })
      .catch((e: Error) => out.destroy(e));
    return out;
  }

  async exists(key: string) {
    const res = await this.send('HEAD', key);
    if (res.ok) return true;
    if (res.status === 404) return false;
    throw await this.failure('HEAD', key, res);
  }

  async delete(key: string) {
    const res = await this.send('DELETE', key);
    // S3 answers 204 for a key that is already gone; some compatible services answer 404
    if (!res.ok && res.status !== 404) throw await this.failure('DELETE', key, res);
    await res.body?.cancel();
  }

  /** ListObjectsV2, page by page (1,000 keys each). */
  async list(prefix: string) {
    const keys: string[] = [];
    let token: string | null = null;
    do {
      const q: URLSearchParams = new URLSearchParams({ 'list-type': '2', prefix, ...(token ? { 'continuation-token': token } : {}) });
      // the bucket's URL in either addressing style: a key's URL without the key
      const url: string = `${this.url('x').slice(0, -2)}?${q}`;
      const res: Response = await this.client.fetch(url).catch((e: Error) => {
        throw new S3Error(`S3 LIST ${this.where(prefix)} failed: cannot reach ${this.s3.endpoint} (${e.message})`, 0, null);
      });
      if (!res.ok) throw await this.failure('LIST', prefix, res);
      const xml: string = await res.text();
      const xmlText = (v: string) =>
        v
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'")
          .replace(/&amp;/g, '&');
      for (const m of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(xmlText(m[1]));
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? (/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1] ?? null) : null;
      if (token) token = xmlText(token);
    } while (token);
    return keys.sort();
  }
}
