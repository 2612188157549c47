/** Lets the extension host's event loop run (setImmediate in Node, a MessageChannel message in the web host): the readers' pause. */
export { yieldToEventLoop as yieldToHost } from '../io/steps';
