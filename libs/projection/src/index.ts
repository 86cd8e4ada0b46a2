export * from './case-projection';
export * from './case-actions';
export * from './search-text';
export * from './projection-ddl';
