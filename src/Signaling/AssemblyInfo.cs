namespace Signaling;
