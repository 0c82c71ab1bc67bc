import type { Effect } from './model.js';
import type { TypeOrValueSpecifier } from '../recognize/types.js';

/**
 * Redis clients and their commands, described as data. ioredis, node-redis and Upstash expose one method per
 * command; ioredis and Upstash name them in lower case (`incrby`), node-redis in camel case (`incrBy`) and upper
 * case (`INCRBY`). Commands are looked up by their lower-cased name, so one table serves all three.
 */

/** Which arguments of a command name keys. */
export type KeyArgs =
  /** The first argument (`GET key`, `SET key value`). */
  | 'first'
  /** Every argument is a key (`DEL k1 k2`). Arrays are spread by both clients. */
  | 'all'
  /**
   * A script call: ioredis `eval(script, numKeys, ...keys, ...args)`, node-redis `eval(script, { keys, arguments })`,
   * Upstash `eval(script, keys, args)` (two arrays).
   */
  | 'script';

export interface RedisCommand {
  readonly effect: Effect;
  readonly keys: KeyArgs;
  /** For hash commands: the argument that names the field (`HGET key field`). */
  readonly fieldArg?: number;
}

export const redisCommands: Readonly<Record<string, RedisCommand>> = {
  get: { effect: 'read', keys: 'first' },
  getbuffer: { effect: 'read', keys: 'first' },
  set: { effect: 'write', keys: 'first' },
  setex: { effect: 'write', keys: 'first' },
  psetex: { effect: 'write', keys: 'first' },
  // SETNX takes a key only when it is free: a lock, but one that cannot carry a TTL.
  setnx: { effect: 'lock', keys: 'first' },
  del: { effect: 'delete', keys: 'all' },
  unlink: { effect: 'delete', keys: 'all' },
  hget: { effect: 'read', keys: 'first', fieldArg: 1 },
  hset: { effect: 'write', keys: 'first', fieldArg: 1 },
  hsetnx: { effect: 'lock', keys: 'first', fieldArg: 1 },
  hdel: { effect: 'delete', keys: 'first', fieldArg: 1 },
  incr: { effect: 'atomic', keys: 'first' },
  decr: { effect: 'atomic', keys: 'first' },
  incrby: { effect: 'atomic', keys: 'first' },
  decrby: { effect: 'atomic', keys: 'first' },
  incrbyfloat: { effect: 'atomic', keys: 'first' },
  hincrby: { effect: 'atomic', keys: 'first', fieldArg: 1 },
  hincrbyfloat: { effect: 'atomic', keys: 'first', fieldArg: 1 },
  getset: { effect: 'atomic', keys: 'first' },
  getdel: { effect: 'atomic', keys: 'first' },
  eval: { effect: 'atomic', keys: 'script' },
  evalsha: { effect: 'atomic', keys: 'script' },
  eval_ro: { effect: 'atomic', keys: 'script' },
  evalsha_ro: { effect: 'atomic', keys: 'script' },
  // Upstash spells the read-only script commands `evalRo`, `evalshaRo`.
  evalro: { effect: 'atomic', keys: 'script' },
  evalsharo: { effect: 'atomic', keys: 'script' },
  // WATCH makes the next EXEC fail when a watched key changed: optimistic locking.
  watch: { effect: 'check', keys: 'all' },
  expire: { effect: 'act', keys: 'first' },
  pexpire: { effect: 'act', keys: 'first' },
  hexpire: { effect: 'act', keys: 'first' },
  hpexpire: { effect: 'act', keys: 'first' },
};

/** Arguments of `SET` (ioredis positional tokens, node-redis option names) that give the key a TTL. */
export const expiryTokens: readonly string[] = ['EX', 'PX', 'EXAT', 'PXAT'];

/** Upstash's `SET` options object (`{ nx: true, ex: 60 }`): the lower-case names of the same options. */
export const upstashExpiryOptions: readonly string[] = ['ex', 'px', 'exat', 'pxat'];

/** The Lua script that deletes a lock key only while it still holds the owner's token. */
export const compareAndDeleteScript =
  'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end';

/**
 * `INCR` and a TTL for the first holder in one step: answers the count as `INCR` does, and the key expires
 * after `ARGV[1]` milliseconds when its holder dies without releasing it.
 */
export const counterWithTtlScript =
  'local n = redis.call("incr", KEYS[1]) if n == 1 then redis.call("pexpire", KEYS[1], ARGV[1]) end return n';

export type RedisLibraryId = 'ioredis' | 'node-redis' | 'upstash';

export interface RedisLibrary {
  readonly id: RedisLibraryId;
  /** Declared types of clients, clusters, pipelines and transactions. */
  readonly types: readonly TypeOrValueSpecifier[];
  /** Module specifiers, and the exports that create a client: constructed (`new Redis()`) or called (`createClient()`). */
  readonly modules: readonly string[];
  readonly constructors: readonly string[];
  readonly factories: readonly string[];
  /** Static methods of a constructor export that create a client: `Redis.fromEnv()` is `['Redis', 'fromEnv']`. */
  readonly staticFactories: readonly (readonly [string, string])[];
  /** The package whose declaration files declare the types (when a re-export or `paths` hides the package). */
  readonly declarationPackage: string;
  /** The method name a command has on this client, in the style of `like` (the method the user called). */
  readonly methodName: (command: string, like: string) => string;
}

/** node-redis spells multi-word commands in camel case: `incrBy`, `hIncrByFloat`. */
const NODE_REDIS_CAMEL: Readonly<Record<string, string>> = {
  incrby: 'incrBy',
  decrby: 'decrBy',
  incrbyfloat: 'incrByFloat',
  hincrby: 'hIncrBy',
  hincrbyfloat: 'hIncrByFloat',
};

const upperStyle = (like: string): boolean => like === like.toUpperCase();

export const ioredis: RedisLibrary = {
  id: 'ioredis',
  types: [{ from: 'package', package: 'ioredis', name: ['Redis', 'Cluster', 'Pipeline', 'Commander', 'RedisCommander', 'ChainableCommander'] }],
  modules: ['ioredis'],
  constructors: ['default', 'Redis', 'Cluster'],
  factories: [],
  staticFactories: [],
  declarationPackage: 'ioredis',
  methodName: (command, like) => (upperStyle(like) ? command.toUpperCase() : command),
};

export const nodeRedis: RedisLibrary = {
  id: 'node-redis',
  types: [
    {
      from: 'package',
      package: '@redis/client',
      name: ['RedisClient', 'RedisCluster', 'RedisSentinel', 'RedisClientPool', 'RedisClientMultiCommand', 'RedisClusterMultiCommand'],
    },
  ],
  modules: ['redis', '@redis/client'],
  constructors: [],
  factories: ['createClient', 'createCluster', 'createSentinel', 'createClientPool'],
  staticFactories: [],
  declarationPackage: '@redis/client',
  methodName: (command, like) => (upperStyle(like) ? command.toUpperCase() : (NODE_REDIS_CAMEL[command] ?? command)),
};

/**
 * Upstash: Redis over HTTP (serverless, edge). `new Redis({ url, token })` or `Redis.fromEnv()`; commands are
 * lower-case methods (`incrby`, `hincrby`, `evalRo`), `SET` takes an options object of lower-case names
 * (`{ nx: true, ex: 60 }`, `{ px }`, `{ xx: true }`, `{ get: true }`, `{ keepTtl: true }`), and `eval` takes the
 * keys and the arguments as two arrays.
 */
export const upstash: RedisLibrary = {
  id: 'upstash',
  types: [{ from: 'package', package: '@upstash/redis', name: ['Redis', 'Pipeline'] }],
  // '/node' is the export the package declares; '/nodejs' is how applications often write it.
  modules: ['@upstash/redis', '@upstash/redis/node', '@upstash/redis/nodejs', '@upstash/redis/cloudflare', '@upstash/redis/fastly'],
  constructors: ['Redis'],
  factories: [],
  staticFactories: [['Redis', 'fromEnv']],
  declarationPackage: '@upstash/redis',
  methodName: (command) => command,
};

export const redisLibraries: readonly RedisLibrary[] = [ioredis, nodeRedis, upstash];
