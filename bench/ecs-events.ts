// Activity as nested ECS events, as Elastic Endpoint writes them (process start, network connection, file creation).
import type { Activity, ProgramRun } from './activity.js';

type Nested = Record<string, unknown>;

function processFields(run: ProgramRun, withArgs: boolean): Nested {
  return {
    pid: run.pid,
    entity_id: run.guid.slice(1, -1).toLowerCase(),
    executable: run.path,
    name: run.name,
    ...(withArgs ? { command_line: run.commandLine, args: run.args, args_count: run.args.length } : {}),
  };
}

export function ecsEvent(activity: Activity): Nested {
  const { process: p, parent } = activity;
  const base: Nested = {
    '@timestamp': activity.time,
    ecs: { version: '8.11.0' },
    agent: { type: 'endpoint', version: '8.11.0' },
    host: {
      name: activity.host.toLowerCase(),
      hostname: activity.host.toLowerCase(),
      os:
        activity.os === 'windows'
          ? { type: 'windows', family: 'windows', name: 'Windows 10 Pro', version: '10.0' }
          : { type: 'linux', family: 'debian', name: 'Ubuntu', version: '22.04' },
    },
    user: { name: activity.user, domain: activity.domain },
  };
  if (activity.kind === 'network' && activity.network) {
    const n = activity.network;
    return {
      ...base,
      event: {
        kind: 'event',
        category: ['network'],
        type: ['start', 'connection'],
        action: 'connection_attempted',
        dataset: 'endpoint.events.network',
      },
      source: { ip: n.sourceIp, port: n.sourcePort },
      destination: { ip: n.destinationIp, port: n.destinationPort, domain: n.destinationHost },
      network: { transport: n.protocol, direction: n.initiated ? 'egress' : 'ingress', type: 'ipv4' },
      process: processFields(p, false),
    };
  }
  if (activity.kind === 'file' && activity.file) {
    const f = activity.file;
    return {
      ...base,
      event: {
        kind: 'event',
        category: ['file'],
        type: ['creation'],
        action: 'creation',
        dataset: 'endpoint.events.file',
      },
      file: { path: f.path, name: f.name, extension: f.extension, directory: f.directory },
      process: processFields(p, false),
    };
  }
  return {
    ...base,
    event: {
      kind: 'event',
      category: ['process'],
      type: ['start'],
      action: 'start',
      dataset: 'endpoint.events.process',
    },
    process: {
      ...processFields(p, true),
      working_directory: activity.os === 'windows' ? 'C:\\Windows\\system32\\' : `/home/${activity.user}`,
      pe:
        activity.os === 'windows'
          ? {
              original_file_name: p.originalFileName,
              company: p.company,
              product: p.product,
              description: p.description,
            }
          : undefined,
      hash: { md5: p.hashes.md5, sha1: p.hashes.sha1, sha256: p.hashes.sha256 },
      parent: processFields(parent, true),
    },
  };
}
