import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { toDomainError } from './store-errors';

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toDomainError(error);
  }
}

class GuardedConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return guarded(() => this.inner.executeQuery<R>(query));
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

const unwrap = (connection: DatabaseConnection) => (connection instanceof GuardedConnection ? connection.inner : connection);

/**
 * Wraps a dialect's driver so that every error leaves the store as a domain
 * error (toDomainError), connecting and committing included. On SQLite a
 * transaction begins IMMEDIATE: it takes the write lock at once, so two
 * processes never both read and then fail to upgrade (a deadlock SQLite
 * answers with SQLITE_BUSY and no wait).
 */
export function withDomainErrors(dialect: Dialect, engine: 'sqlite' | 'postgres'): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: (): Driver => {
      const inner = dialect.createDriver();
      return {
        init: () => guarded(() => inner.init()),
        acquireConnection: async () => new GuardedConnection(await guarded(() => inner.acquireConnection())),
        beginTransaction: (connection, settings: TransactionSettings) =>
          engine === 'sqlite'
            ? guarded(async () => void (await unwrap(connection).executeQuery(CompiledQuery.raw('begin immediate'))))
            : guarded(() => inner.beginTransaction(unwrap(connection), settings)),
        commitTransaction: (connection) => guarded(() => inner.commitTransaction(unwrap(connection))),
        rollbackTransaction: (connection) => guarded(() => inner.rollbackTransaction(unwrap(connection))),
        releaseConnection: (connection) => inner.releaseConnection(unwrap(connection)),
        destroy: () => inner.destroy(),
      };
    },
  };
}
