import { Client, utils } from 'ssh2'; import SSHConfig from 'ssh-config'; console.log(typeof Client, typeof utils.parseKey, typeof SSHConfig.parse)
