import { ServiceSettings } from './service-settings';

/** What a service tells the platform about itself; `name` is also its path prefix and topic context. */
export interface ServiceDefinition {
  name: string;
  title: string;
  defaultPort: number;
  description?: string;
  /**
   * The service's own variables, validated at start with the platform's and injectable by their
   * token. A process hosting several services (standalone) lists every service's.
   */
  settings?: readonly ServiceSettings[];
}
