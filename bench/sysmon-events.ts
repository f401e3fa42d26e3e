// Activity as flat Sysmon-style Windows events (EventID 1 process creation, 3 network connection, 11 file create).
import type { Activity, ProgramRun } from './activity.js';

type Flat = Record<string, unknown>;

function hashes(run: ProgramRun): string {
  const h = run.hashes;
  return `SHA1=${h.sha1.toUpperCase()},MD5=${h.md5.toUpperCase()},SHA256=${h.sha256.toUpperCase()},IMPHASH=${h.imphash.toUpperCase()}`;
}

function header(activity: Activity, eventId: number): Flat {
  return {
    EventID: eventId,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Provider_Name: 'Microsoft-Windows-Sysmon',
    Computer: `${activity.host}.corp.example.com`,
    UtcTime: activity.time.replace('T', ' ').replace('Z', ''),
    RuleName: '-',
  };
}

export function sysmonEvent(activity: Activity): Flat {
  const { process: p, parent } = activity;
  const user = `${activity.domain}\\${activity.user}`;
  if (activity.kind === 'network' && activity.network) {
    const n = activity.network;
    return {
      ...header(activity, 3),
      ProcessGuid: p.guid,
      ProcessId: p.pid,
      Image: p.path,
      User: user,
      Protocol: n.protocol,
      Initiated: n.initiated,
      SourceIsIpv6: false,
      SourceIp: n.sourceIp,
      SourceHostname: `${activity.host}.corp.example.com`,
      SourcePort: n.sourcePort,
      SourcePortName: '-',
      DestinationIsIpv6: false,
      DestinationIp: n.destinationIp,
      DestinationHostname: n.destinationHost,
      DestinationPort: n.destinationPort,
      DestinationPortName: n.destinationPort === 443 ? 'https' : '-',
    };
  }
  if (activity.kind === 'file' && activity.file) {
    return {
      ...header(activity, 11),
      ProcessGuid: p.guid,
      ProcessId: p.pid,
      Image: p.path,
      TargetFilename: activity.file.path,
      CreationUtcTime: activity.time.replace('T', ' ').replace('Z', ''),
      User: user,
    };
  }
  return {
    ...header(activity, 1),
    ProcessGuid: p.guid,
    ProcessId: p.pid,
    Image: p.path,
    FileVersion: '10.0.19041.1 (WinBuild.160101.0800)',
    Description: p.description,
    Product: p.product,
    Company: p.company,
    OriginalFileName: p.originalFileName,
    CommandLine: p.commandLine,
    CurrentDirectory: 'C:\\Windows\\system32\\',
    User: user,
    LogonGuid: parent.guid,
    LogonId: '0x3e7',
    TerminalSessionId: 1,
    IntegrityLevel: 'Medium',
    Hashes: hashes(p),
    ParentProcessGuid: parent.guid,
    ParentProcessId: parent.pid,
    ParentImage: parent.path,
    ParentCommandLine: parent.commandLine,
    ParentUser: user,
  };
}
