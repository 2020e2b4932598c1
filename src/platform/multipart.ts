import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { badRequest } from './errors.js';
import { Upload } from './upload.js';

/**
 * Reads a multipart request whole: the allowed text fields and the files of one field name, each file
 * streamed into memory under the size limit (a larger file is a 413 before it is all read) and kept as
 * the chunks it arrived in, with its SHA-256 (`Upload`). Every file is read before this returns, so
 * no parser still looks at a chunk's memory when the photo worker takes it.
 */
export async function readMultipart(req: FastifyRequest, opts: { fields: readonly string[]; fileField: string; maxFiles: number; maxBytes: number }) {
  if (!req.isMultipart()) throw badRequest('multipart_required', '请以 multipart/form-data 上传', null);
  const fields: Record<string, string> = {};
  const files: Upload[] = [];
  for await (const part of req.parts({ limits: { fileSize: opts.maxBytes, files: opts.maxFiles, fields: opts.fields.length + 5, fieldSize: 64 * 1024 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== opts.fileField) {
        part.file.resume();
        throw badRequest('validation_failed', `未知的文件字段: ${part.fieldname}`, [{ field: part.fieldname, message: 'unknown file field' }]);
      }
      // the chunks as they arrive, hashed on the way; a file over the limit is a 413 (body_too_large)
      const chunks: Buffer[] = [];
      const hash = createHash('sha256');
      let length = 0;
      for await (const c of part.file as AsyncIterable<Buffer>) {
        chunks.push(c);
        hash.update(c);
        length += c.length;
      }
      if (part.file.truncated) throw Object.assign(new Error('request file too large'), { code: 'FST_REQ_FILE_TOO_LARGE', statusCode: 413 });
      // owned: nothing else refers to these chunks once the body is read (the photo worker may take them)
      files.push(new Upload(chunks, length, hash.digest('hex'), true));
    } else {
      if (!opts.fields.includes(part.fieldname)) throw badRequest('validation_failed', `不允许的字段: ${part.fieldname}`, [{ field: part.fieldname, message: 'unknown field' }]);
      fields[part.fieldname] = String(part.value);
    }
  }
  return { fields, files };
}

/** A file of an upload form, read whole. */
export interface FormFile {
  filename: string;
  data: Buffer;
}

export interface UploadFormOptions<F extends string, T extends string> {
  /** The file fields, one file each (a field sent twice keeps its last file). */
  files: readonly F[];
  /**
   * The text fields allowed: another is a 400, each value is trimmed and an empty one left out. Without
   * this list every text field is kept as sent, at most 5 of them.
   */
  fields?: readonly T[];
  /** A file over this is a 413 (`toBuffer` throws it while reading). */
  maxBytes: number;
  /** What is uploaded, for the 400 when the request is not multipart: 请以 multipart/form-data 上传{upload}. */
  upload: string;
  /** The 400 when the form has no file; its detail names `field` (default: the first file field). */
  missing: { code: string; message: string; field?: F };
}

/**
 * Reads the form of an import or a preview whole: a few files kept as buffers (the readers of
 * spreadsheets, Shapefiles and GeoPackages want all the bytes) and the text fields beside them.
 * More files than file fields, or more text fields than allowed, is a 413 from the parser.
 */
export async function readUploadForm<F extends string, T extends string = string>(req: FastifyRequest, opts: UploadFormOptions<F, T>) {
  if (!req.isMultipart()) throw badRequest('multipart_required', `请以 multipart/form-data 上传${opts.upload}`, null);
  const files: Partial<Record<F, FormFile>> = {};
  const fields: Partial<Record<T, string>> = {};
  const allowed = opts.fields as readonly string[] | undefined;
  for await (const part of req.parts({ limits: { fileSize: opts.maxBytes, files: opts.files.length, fields: allowed?.length ?? 5 } })) {
    if (part.type === 'file') {
      if (!(opts.files as readonly string[]).includes(part.fieldname)) {
        part.file.resume();
        throw badRequest('validation_failed', `未知的文件字段: ${part.fieldname}(请使用 ${opts.files.join(' 或 ')})`, [{ field: part.fieldname, message: 'unknown file field' }]);
      }
      files[part.fieldname as F] = { filename: part.filename, data: await part.toBuffer() };
    } else if (!allowed) fields[part.fieldname as T] = String(part.value);
    else if (allowed.includes(part.fieldname)) {
      const v = String(part.value ?? '').trim();
      if (v) fields[part.fieldname as T] = v;
    } else throw badRequest('validation_failed', `未知字段: ${part.fieldname}`, [{ field: part.fieldname, message: 'unknown field' }]);
  }
  if (!opts.files.some((k) => files[k])) throw badRequest(opts.missing.code, opts.missing.message, { field: opts.missing.field ?? opts.files[0] });
  return { files, fields };
}

/** An upload form with one file, in the field `file`. */
export async function readFileForm<T extends string = string>(req: FastifyRequest, opts: Omit<UploadFormOptions<'file', T>, 'files'>) {
  const { files, fields } = await readUploadForm(req, { ...opts, files: ['file'] });
  return { file: files.file!, fields };
}

/** Typed readers of multipart text fields, with the same error shape as JSON validation. */
export function formReader(fields: Record<string, string>) {
  const fail = (field: string, zh: string, en: string) => badRequest('validation_failed', `${field} ${zh}`, [{ field, message: en }]);
  return {
    num(k: string, min: number, max: number, required = false): number | undefined {
      const v = fields[k];
      if (v === undefined || v === '') {
        if (required) throw badRequest('validation_failed', `缺少必填字段: ${k}`, [{ field: k, message: 'required' }]);
        return undefined;
      }
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) throw fail(k, `无效(须为 ${min}–${max} 的数字)`, `number in ${min}..${max}`);
      return n;
    },
    time(k: string): string | undefined {
      const v = fields[k];
      if (v === undefined || v === '') return undefined;
      if (Number.isNaN(Date.parse(v))) throw fail(k, '无效(须为 ISO 8601 时间)', 'ISO 8601 date-time');
      return new Date(v).toISOString();
    },
    oneOf<T extends string>(k: string, allowed: readonly T[]): T | undefined {
      const v = fields[k];
      if (v === undefined || v === '') return undefined;
      if (!allowed.includes(v as T)) throw fail(k, `须为 ${allowed.join(' / ')} 之一`, `one of ${allowed.join(', ')}`);
      return v as T;
    },
    text(k: string, max: number): string | undefined {
      const v = fields[k];
      if (v === undefined) return undefined;
      if (v.length > max) throw fail(k, `过长(最多 ${max} 字)`, `at most ${max} characters`);
      return v.trim() || undefined;
    },
    uuid(k: string, required = false): string | undefined {
      const v = fields[k];
      if (v === undefined || v === '') {
        if (required) throw badRequest('validation_failed', `缺少必填字段: ${k}`, [{ field: k, message: 'required' }]);
        return undefined;
      }
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) throw fail(k, '须为 UUID', 'UUID');
      return v.toLowerCase();
    },
  };
}
