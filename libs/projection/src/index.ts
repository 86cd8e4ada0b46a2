export * from './case-projection';
export * from './case-actions';
export * from './search-text';
