/** What a service tells the platform about itself; `name` is also its path prefix and topic context. */
export interface ServiceDefinition {
  name: string;
  title: string;
  defaultPort: number;
  description?: string;
}
