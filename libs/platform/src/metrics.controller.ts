import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MetricsAccess } from './access/access.decorator';
import { Metrics } from './metrics';

export const METRICS_PATH = 'metrics';

@ApiTags('health')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get(METRICS_PATH)
  @MetricsAccess()
  @ApiOperation({
    summary: 'Prometheus metrics: process, HTTP, store latency, consumer and relay lag, durable timers, and the context\'s own (incidents, escalations, pages)',
    description:
      'Prometheus text exposition format (README, Metrics, lists each one). Counters start at the process start. Public unless METRICS_TOKEN is set: then ' +
      '`Authorization: Bearer <METRICS_TOKEN>` (or the admin token).',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format', schema: { type: 'string' } })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.header('content-type', this.metrics.contentType);
    return this.metrics.text();
  }
}
