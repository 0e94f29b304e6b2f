// Arrow column data built straight from JavaScript values (the award files, the generated samples).
export { dateDayColumnData, float64ColumnData, utf8ColumnData } from './arrow-columns.js';
