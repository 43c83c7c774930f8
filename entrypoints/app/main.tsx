import { render } from 'preact';
import { ChatApp } from '@/components/ChatApp';

// The full tab (issue 16): the same app in a wide layout, a conversation per address.
render(<ChatApp surface="tab" />, document.getElementById('app')!);
