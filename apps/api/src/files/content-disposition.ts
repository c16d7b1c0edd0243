/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987): Chinese file names survive every browser. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Types a stored file is served as; anything else (text/html, image/svg+xml, XML, scripts…) as octet-stream. */
const SERVABLE_TYPES = new Set([
  'application/pdf',
  'application/zip',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/csv',
  'text/plain',
]);

/**
 * Headers for every stored-file download (evidence, exports, templates, reports): always an attachment, never
 * sniffed, sandboxed if a browser renders it anyway, and never served as HTML or SVG whatever the uploader claimed.
 */
export function downloadHeaders(filename: string, contentType: string): Record<string, string> {
  const [mime, ...params] = contentType.toLowerCase().split(';');
  const base = mime.trim();
  const charset = params.map((p) => p.trim()).find((p) => p.startsWith('charset='));
  const type = SERVABLE_TYPES.has(base)
    ? base.startsWith('text/') && charset
      ? `${base}; ${charset}`
      : base
    : 'application/octet-stream';
  return {
    'Content-Type': type,
    'Content-Disposition': contentDisposition(filename),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  };
}
