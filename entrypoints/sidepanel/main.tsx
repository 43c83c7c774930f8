import { render } from 'preact';
import { ChatApp } from '@/components/ChatApp';

render(<ChatApp surface="sidepanel" />, document.getElementById('app')!);
