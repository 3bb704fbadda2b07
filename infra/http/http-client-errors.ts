import type { Socket } from 'node:net';
import type { ServerType } from '@hono/node-server';

/**
 * Node's HTTP parser refuses some requests before the app sees them (headers over
 * `maxHeaderSize`: 431; a request it cannot parse: 400) and by default answers with
 * an empty body. Answered here in the API's error shape instead, so every refusal a
 * client gets — the fuzz test checks it — is `{error: {code, message, details}}`.
 */
export function answerClientErrorsAsJson(server: ServerType): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // Nothing to answer on a socket the client has gone from, or one already answering.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify({
      error: tooLarge
        ? { code: 'headers_too_large', message: 'заголовки запроса (включая адрес) слишком большие', details: [] }
        : { code: 'bad_request', message: 'запрос не удалось разобрать', details: [] },
    });
    socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
}
