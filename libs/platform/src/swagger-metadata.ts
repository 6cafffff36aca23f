/**
 * Where `@ApiProperty()` keeps what it documents (@nestjs/swagger's DECORATORS, which its package does
 * not export): the list of a class's documented properties on its prototype, and each one's options.
 */
export const API_MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';
export const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
