/** The read side of threads: walks, orders, handle time, playback, connections and their resolvers. */
export { agentResolvers } from './resolvers/agent';
export { customerResolvers } from './resolvers/customer';
export { threadQueryResolvers } from './resolvers/query';
export { threadResolvers } from './resolvers/thread';
export { threadConnectionResolvers } from './resolvers/threadConnection';
