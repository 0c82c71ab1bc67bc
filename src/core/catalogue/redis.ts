import type { Effect } from './model.js';
import type { TypeOrValueSpecifier } from '../recognize/types.js';

/**
 * Redis clients and their commands, described as data. Both ioredis and node-redis expose one method per
 * command; ioredis names them in lower case (`incrby`), node-redis in camel case (`incrBy`) and upper case
 * (`INCRBY`). Commands are looked up by their lower-cased name, so one table serves both.
 */

/** Which arguments of a command name keys. */
export type KeyArgs =
  /** The first argument (`GET key`, `SET key value`). */
  | 'first'
  /** Every argument is a key (`DEL k1 k2`). Arrays are spread by both clients. */
  | 'all'
  /** A script call: ioredis `eval(script, numKeys, ...keys, ...args)`, node-redis `eval(script, { keys, arguments })`. */
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
  // WATCH makes the next EXEC fail when a watched key changed: optimistic locking.
  watch: { effect: 'check', keys: 'all' },
  expire: { effect: 'act', keys: 'first' },
  pexpire: { effect: 'act', keys: 'first' },
  hexpire: { effect: 'act', keys: 'first' },
  hpexpire: { effect: 'act', keys: 'first' },
};

/** Arguments of `SET` (ioredis positional tokens, node-redis option names) that give the key a TTL. */
export const expiryTokens: readonly string[] = ['EX', 'PX', 'EXAT', 'PXAT'];

/** The Lua script that deletes a lock key only while it still holds the owner's token. */
export const compareAndDeleteScript =
  'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end';

export type RedisLibraryId = 'ioredis' | 'node-redis';

export interface RedisLibrary {
  readonly id: RedisLibraryId;
  /** Declared types of clients, clusters, pipelines and transactions. */
  readonly types: readonly TypeOrValueSpecifier[];
  /** Module specifiers, and the exports that create a client: constructed (`new Redis()`) or called (`createClient()`). */
  readonly modules: readonly string[];
  readonly constructors: readonly string[];
  readonly factories: readonly string[];
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
  methodName: (command, like) => (upperStyle(like) ? command.toUpperCase() : (NODE_REDIS_CAMEL[command] ?? command)),
};

export const redisLibraries: readonly RedisLibrary[] = [ioredis, nodeRedis];
