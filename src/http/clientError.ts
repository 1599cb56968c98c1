import { Duplex } from 'node:stream';
import { ErrorCode, httpStatusOf } from '../errors';
import { Logger } from '../log';

/** What Node's HTTP parser refused, as our code: most are a malformed request. */
function codeOf(error: NodeJS.ErrnoException): ErrorCode {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'HEADERS_TOO_LARGE';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'REQUEST_TIMEOUT';
  return 'BAD_REQUEST';
}

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  HEADERS_TOO_LARGE: 'The request headers exceed 16 KB (a token that large is not a token this service issued).',
  REQUEST_TIMEOUT: 'The request was not received in time.',
  BAD_REQUEST: 'The HTTP request is malformed.',
};

/**
 * Answers a request Node's parser refused before any handler ran. Node's default answer has no
 * body; this one is JSON in both shapes (`errors` as /graphql answers, `error` as REST does),
 * since the path was never read. Returns the code answered, or null for a client already gone.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, logger: Logger): ErrorCode | null {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return null;
  }
  const code = codeOf(error);
  const message = MESSAGES[code] ?? 'The HTTP request is malformed.';
  const status = httpStatusOf(code);
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }], error: { code, message } });
  logger.info({ code, parserError: error.code }, 'refused a request the HTTP parser could not accept');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
  return code;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
