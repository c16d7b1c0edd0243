import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

import { EXPORT_KIND_METADATA, ExportGenerator } from './export-generator';

/** Finds every @ExportKind provider; two generators for one kind refuse to boot. */
@Injectable()
export class ExportRegistry implements OnModuleInit {
  private readonly generators = new Map<string, ExportGenerator>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const metatype = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!wrapper.instance || !metatype) continue;
      const kind = Reflect.getMetadata(EXPORT_KIND_METADATA, metatype) as string | undefined;
      if (!kind) continue;
      if (this.generators.has(kind)) throw new Error(`Export kind "${kind}" has two generators`);
      this.generators.set(kind, wrapper.instance as ExportGenerator);
    }
  }

  find(kind: string): ExportGenerator | undefined {
    return this.generators.get(kind);
  }

  kinds(): string[] {
    return [...this.generators.keys()].sort();
  }
}
