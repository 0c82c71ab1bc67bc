import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Something with `listen(port, host, callback)`: an Express or Koa app, a Node request listener's server. */
interface Listenable {
  listen(port: number, host: string, callback: () => void): Server;
}

/** Serves `app` on a free loopback port; `close` ends it and its kept-alive connections. */
export async function serveOnLoopback(app: Listenable): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
