// Schema-neutral endpoint activity for the benchmark: processes, network connections and file writes on hosts.
import type { Prng } from './prng.js';

interface ProgramSpec {
  path: string;
  description: string;
  company: string;
  product: string;
  /** Argument strings; `{n}`, `{guid}`, `{user}` and `{hex}` are filled per event. */
  args: string[];
  /** Paths of the programs that usually start this one. */
  parents?: string[];
  /** Whether the program makes network connections. */
  network?: boolean;
}

const MS = 'Microsoft Corporation';
const EXPLORER = 'C:\\Windows\\explorer.exe';
const SERVICES = 'C:\\Windows\\System32\\services.exe';
const SVCHOST = 'C:\\Windows\\System32\\svchost.exe';
const CMD = 'C:\\Windows\\System32\\cmd.exe';
const CHROME = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
const EDGE = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
const CODE = 'C:\\Users\\{user}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe';
const SYSTEMD = '/usr/lib/systemd/systemd';
const BASH = '/usr/bin/bash';
const WINDOWS = 'Microsoft® Windows® Operating System';

const WINDOWS_PROGRAMS: ProgramSpec[] = [
  {
    path: 'C:\\Windows\\System32\\svchost.exe',
    parents: [SERVICES],
    network: true,
    description: 'Host Process for Windows Services',
    company: MS,
    product: WINDOWS,
    args: [
      '-k netsvcs -p -s Schedule',
      '-k LocalServiceNetworkRestricted -p -s Dhcp',
      '-k DcomLaunch -p',
      '-k UnistackSvcGroup -s CDPUserSvc_{hex}',
    ],
  },
  {
    path: 'C:\\Windows\\explorer.exe',
    parents: ['C:\\Windows\\System32\\userinit.exe'],
    description: 'Windows Explorer',
    company: MS,
    product: WINDOWS,
    args: ['', '/factory,{guid} -Embedding'],
  },
  {
    path: 'C:\\Windows\\System32\\conhost.exe',
    parents: [CMD, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'],
    description: 'Console Window Host',
    company: MS,
    product: WINDOWS,
    args: ['0xffffffff -ForceV1', ''],
  },
  {
    path: 'C:\\Windows\\System32\\RuntimeBroker.exe',
    parents: [SVCHOST],
    description: 'Runtime Broker',
    company: MS,
    product: WINDOWS,
    args: ['-Embedding'],
  },
  {
    path: 'C:\\Windows\\System32\\taskhostw.exe',
    parents: [SVCHOST],
    description: 'Host Process for Windows Tasks',
    company: MS,
    product: WINDOWS,
    args: ['', 'Install $(Arg0)'],
  },
  {
    path: 'C:\\Windows\\System32\\SearchProtocolHost.exe',
    parents: ['C:\\Windows\\System32\\SearchIndexer.exe'],
    description: 'Microsoft Windows Search Protocol Host',
    company: MS,
    product: WINDOWS,
    args: [
      'Global\\UsGthrFltPipeMssGthrPipe{n}_ Global\\UsGthrCtrlFltPipeMssGthrPipe{n} 1 -2147483646 "Software\\Microsoft\\Windows Search"',
    ],
  },
  {
    path: 'C:\\Windows\\System32\\dllhost.exe',
    parents: [SVCHOST],
    description: 'COM Surrogate',
    company: MS,
    product: WINDOWS,
    args: ['/Processid:{guid}'],
  },
  {
    path: 'C:\\Windows\\System32\\backgroundTaskHost.exe',
    parents: [SVCHOST],
    description: 'Background Task Host',
    company: MS,
    product: WINDOWS,
    args: ['-ServerName:BackgroundTaskHost.WebAccountProvider'],
  },
  {
    path: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe',
    parents: [SVCHOST],
    description: 'WMI Provider Host',
    company: MS,
    product: WINDOWS,
    args: ['-secured -Embedding', '-Embedding'],
  },
  {
    path: 'C:\\Windows\\System32\\msiexec.exe',
    parents: [SERVICES],
    description: 'Windows® installer',
    company: MS,
    product: 'Windows Installer - Unicode',
    args: ['/V', '-Embedding {hex}'],
  },
  {
    path: 'C:\\Windows\\System32\\cmd.exe',
    parents: [EXPLORER],
    description: 'Windows Command Processor',
    company: MS,
    product: WINDOWS,
    args: [
      '/c echo {n}',
      '/d /c "C:\\ProgramData\\Vendor\\scripts\\inventory.cmd"',
      '/c type C:\\ProgramData\\Vendor\\status-{n}.txt',
    ],
  },
  {
    path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    parents: [EXPLORER],
    description: 'Windows PowerShell',
    company: MS,
    product: WINDOWS,
    args: [
      '-NoProfile -File C:\\ProgramData\\Vendor\\health-{n}.ps1',
      '-NoLogo -Command Get-Service | Out-File C:\\Temp\\svc-{n}.txt',
    ],
  },
  {
    path: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    parents: [EXPLORER, CHROME],
    network: true,
    description: 'Google Chrome',
    company: 'Google LLC',
    product: 'Google Chrome',
    args: [
      '--type=renderer --field-trial-handle={n},i,{hex},{hex},262144 --lang=en-US --device-scale-factor=1 --num-raster-threads=4 --renderer-client-id={n} --launch-time-ticks={n} /prefetch:1',
      '--type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none --mojo-platform-channel-handle={n} /prefetch:8',
      '',
    ],
  },
  {
    path: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    parents: [EXPLORER, EDGE],
    network: true,
    description: 'Microsoft Edge',
    company: MS,
    product: 'Microsoft Edge',
    args: [
      '--type=gpu-process --gpu-preferences={hex} --mojo-platform-channel-handle={n} /prefetch:2',
      '--profile-directory=Default',
    ],
  },
  {
    path: 'C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe',
    parents: [EXPLORER],
    network: true,
    description: 'Microsoft Teams',
    company: MS,
    product: 'Microsoft Teams',
    args: [
      '--type=renderer --autoplay-policy=no-user-gesture-required --enable-features={hex}',
      '--system-initiated',
    ],
  },
  {
    path: 'C:\\Users\\{user}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe',
    parents: [EXPLORER],
    network: true,
    description: 'Visual Studio Code',
    company: MS,
    product: 'Visual Studio Code',
    args: ['--type=utility --utility-sub-type=node.mojom.NodeService', 'C:\\src\\project-{n}'],
  },
  {
    path: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
    parents: [EXPLORER],
    description: 'Microsoft Outlook',
    company: MS,
    product: 'Microsoft Outlook',
    args: ['', '/recycle'],
  },
  {
    path: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
    parents: [EXPLORER, 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE'],
    description: 'Microsoft Word',
    company: MS,
    product: 'Microsoft Office',
    args: ['/n "C:\\Users\\{user}\\Documents\\report-{n}.docx" /o ""'],
  },
  {
    path: 'C:\\Program Files\\Git\\cmd\\git.exe',
    parents: [CODE, CMD],
    network: true,
    description: 'Git for Windows',
    company: 'The Git Development Community',
    product: 'Git',
    args: ['fetch --all --prune', 'status --porcelain', 'log -n {n} --oneline'],
  },
  {
    path: 'C:\\Program Files\\nodejs\\node.exe',
    parents: [CODE],
    description: 'Node.js JavaScript Runtime',
    company: 'Node.js',
    product: 'Node.js',
    args: ['node_modules\\typescript\\bin\\tsc -p .', 'node_modules\\vitest\\vitest.mjs run'],
  },
  {
    path: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe',
    parents: [SERVICES],
    network: true,
    description: 'Antimalware Service Executable',
    company: MS,
    product: WINDOWS,
    args: [''],
  },
  {
    path: 'C:\\Windows\\System32\\notepad.exe',
    parents: [EXPLORER],
    description: 'Notepad',
    company: MS,
    product: WINDOWS,
    args: ['C:\\Users\\{user}\\Desktop\\notes-{n}.txt'],
  },
];

const LINUX_PROGRAMS: ProgramSpec[] = [
  {
    path: '/usr/bin/bash',
    parents: ['/usr/sbin/sshd', SYSTEMD],
    description: '',
    company: '',
    product: '',
    args: ['-c "ls -la /var/log"', '/opt/app/bin/start.sh', ''],
  },
  {
    path: '/usr/bin/python3.11',
    parents: [SYSTEMD, BASH],
    network: true,
    description: '',
    company: '',
    product: '',
    args: ['/opt/app/worker.py --queue jobs-{n}', '-m pip list'],
  },
  {
    path: '/usr/sbin/sshd',
    parents: [SYSTEMD],
    network: true,
    description: '',
    company: '',
    product: '',
    args: ['-D -R', ''],
  },
  {
    path: '/usr/sbin/cron',
    parents: [SYSTEMD],
    description: '',
    company: '',
    product: '',
    args: ['-f', '-f -P'],
  },
  {
    path: '/usr/lib/systemd/systemd',
    parents: [SYSTEMD],
    description: '',
    company: '',
    product: '',
    args: ['--user', '--switched-root --system --deserialize 31'],
  },
  {
    path: '/usr/bin/containerd-shim-runc-v2',
    parents: ['/usr/bin/containerd'],
    network: true,
    description: '',
    company: '',
    product: '',
    args: ['-namespace k8s.io -id {hex} -address /run/containerd/containerd.sock'],
  },
];

const DOMAINS = [
  'example.com',
  'corp.example.com',
  'update.vendor.example',
  'cdn.example.net',
  'login.example.org',
  'api.example.io',
];
const FILE_DIRS = [
  'C:\\Users\\{user}\\AppData\\Local\\Temp\\',
  'C:\\Users\\{user}\\Documents\\',
  'C:\\ProgramData\\Vendor\\cache\\',
  'C:\\Windows\\Temp\\',
  'C:\\Users\\{user}\\Downloads\\',
];
const FILE_NAMES = [
  'report-{n}.docx',
  'cache-{hex}.tmp',
  'log-{n}.txt',
  'setup-{n}.msi',
  'image-{n}.png',
  'data-{hex}.json',
  'export-{n}.csv',
];

export interface ProgramRun {
  path: string;
  name: string;
  commandLine: string;
  args: string[];
  description: string;
  company: string;
  product: string;
  originalFileName: string;
  pid: number;
  guid: string;
  hashes: { md5: string; sha1: string; sha256: string; imphash: string };
}

export interface Activity {
  kind: 'process' | 'network' | 'file';
  os: 'windows' | 'linux';
  time: string;
  host: string;
  user: string;
  domain: string;
  process: ProgramRun;
  parent: ProgramRun;
  network?: {
    protocol: string;
    sourceIp: string;
    sourcePort: number;
    destinationIp: string;
    destinationPort: number;
    destinationHost: string;
    initiated: boolean;
  };
  file?: { path: string; name: string; extension: string; directory: string };
}

/** Generates activity with repeating hosts, users and per-program hashes, like a day of endpoint logs. */
export class ActivityGenerator {
  private time = Date.UTC(2026, 10, 1);
  private readonly hosts: string[];
  private readonly users: string[];
  private readonly hashes = new Map<string, ProgramRun['hashes']>();

  constructor(private readonly rng: Prng) {
    this.hosts = Array.from({ length: 200 }, (_, i) => `WS-${String(i).padStart(4, '0')}`);
    this.users = Array.from({ length: 400 }, (_, i) => `user${String(i).padStart(3, '0')}`);
  }

  private fill(template: string, user: string): string {
    return template
      .replaceAll('{user}', user)
      .replace(/\{n\}/g, () => String(this.rng.int(1, 99999)))
      .replace(/\{hex\}/g, () => this.rng.hex(16))
      .replace(/\{guid\}/g, () => this.rng.guid());
  }

  private hashesOf(path: string): ProgramRun['hashes'] {
    let found = this.hashes.get(path);
    if (!found) {
      found = {
        md5: this.rng.hex(32),
        sha1: this.rng.hex(40),
        sha256: this.rng.hex(64),
        imphash: this.rng.hex(32),
      };
      this.hashes.set(path, found);
    }
    return found;
  }

  /** A run of the program at `path`: its catalogue entry when there is one, else a bare system binary. */
  private runOf(path: string, programs: readonly ProgramSpec[], user: string): ProgramRun {
    const spec = programs.find((p) => p.path === path) ?? {
      path,
      description: '',
      company: '',
      product: '',
      args: [''],
    };
    return this.run(spec, user);
  }

  private run(spec: ProgramSpec, user: string): ProgramRun {
    const path = this.fill(spec.path, user);
    const name = path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
    const argText = this.fill(this.rng.pick(spec.args), user);
    const quoted = path.includes(' ') ? `"${path}"` : path;
    return {
      path,
      name,
      commandLine: argText ? `${quoted} ${argText}` : quoted,
      args: [path, ...argText.split(' ').filter(Boolean)],
      description: spec.description,
      company: spec.company,
      product: spec.product,
      originalFileName: name,
      pid: this.rng.int(4, 65000),
      guid: this.rng.guid(),
      hashes: this.hashesOf(path),
    };
  }

  private ip(): string {
    return `10.${this.rng.int(0, 255)}.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`;
  }

  private publicIp(): string {
    return `${this.rng.pick([23, 34, 52, 104, 142, 151, 185])}.${this.rng.int(0, 255)}.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`;
  }

  /** The next activity; `forced` fixes its kind and operating system (for planted events). */
  next(forced?: Pick<Activity, 'kind' | 'os'>): Activity {
    this.time += this.rng.int(0, 40);
    const os = forced?.os ?? (this.rng.chance(0.85) ? 'windows' : 'linux');
    const programs = os === 'windows' ? WINDOWS_PROGRAMS : LINUX_PROGRAMS;
    const user = this.rng.pick(this.users);
    const r = this.rng.float();
    const kind = forced?.kind ?? (r < 0.5 ? 'process' : r < 0.75 ? 'network' : 'file');
    const spec = this.rng.pick(kind === 'network' ? programs.filter((p) => p.network) : programs);
    const activity: Activity = {
      kind,
      os,
      time: new Date(this.time).toISOString(),
      host: this.rng.pick(this.hosts),
      user,
      domain: 'CORP',
      process: this.run(spec, user),
      parent: this.runOf(this.fill(this.rng.pick(spec.parents ?? [spec.path]), user), programs, user),
    };
    if (kind === 'network') {
      const outbound = this.rng.chance(0.8);
      activity.network = {
        protocol: this.rng.chance(0.9) ? 'tcp' : 'udp',
        sourceIp: this.ip(),
        sourcePort: this.rng.int(49152, 65535),
        destinationIp: outbound ? this.publicIp() : this.ip(),
        destinationPort: this.rng.pick([443, 443, 443, 443, 80, 53]),
        destinationHost: `${this.rng.pick(['www', 'api', 'cdn', 'telemetry', 'files'])}.${this.rng.pick(DOMAINS)}`,
        initiated: outbound,
      };
    }
    if (kind === 'file') {
      const directory =
        os === 'windows' ? this.fill(this.rng.pick(FILE_DIRS), user) : `/home/${user}/.cache/`;
      const name = this.fill(this.rng.pick(FILE_NAMES), user);
      activity.file = {
        path: directory + name,
        name,
        extension: name.slice(name.lastIndexOf('.') + 1),
        directory,
      };
    }
    return activity;
  }
}
